import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { jobVersions } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { callJob } from "@/lib/jobs/call";
import { saveJob } from "@/lib/jobs/save-job";
import { MASK } from "@/lib/work-orders/command";
import { makeOwner } from "../../support/factory";
import { cancelAfter, jobCall, shown } from "./call-support";
import { jobInput } from "./support";

// Private networks: allowed for the receivers on 127.0.0.1, refused where a test says so (as a
// multi-tenant install runs). env is read at call time, so one flag switches it.
const outbound = vi.hoisted(() => ({ allowPrivate: true }));
vi.mock("@/env", async (importOriginal) => {
  const { env } = await importOriginal<typeof import("@/env")>();
  return {
    env: Object.defineProperty({ ...env }, "OUTBOUND_ALLOW_PRIVATE", { get: () => outbound.allowPrivate }),
  };
});

type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
let received: Received[] = [];
let answer: (req: http.IncomingMessage, res: http.ServerResponse) => void;
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  outbound.allowPrivate = true;
  answer = (_req, res) => res.end("ok");
});

const httpConfig = (extra: Record<string, unknown>) => ({ type: "http", method: "GET", url: `${base}/`, ...extra });

describe("HTTP jobs", () => {
  test("the receiver gets the method, headers and body with placeholders resolved (URL-encoded in the URL); secrets are masked in what is kept", async () => {
    const token = "tok-9f8e7d6c5b";
    answer = (_req, res) => {
      res.writeHead(201, { "content-type": "application/json", "x-echo": token, location: `/items/${token}` });
      res.end(JSON.stringify({ saw: token, ok: true }));
    };
    const { call } = jobCall(
      httpConfig({
        method: "POST",
        url: `${base}/hook/{Path}?q={Query}`,
        headers: { "x-token": "Bearer {Token}", "x-host": "{Host}" },
        body: '{"host":"{Host}","note":"{Query}"}',
      }),
      { params: { Path: "a b/c", Query: "x&y=1", Host: "db-1" }, secrets: { Token: token } },
    );
    const outcome = await callJob(call);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({
      method: "POST",
      url: "/hook/a%20b%2Fc?q=x%26y%3D1",
      headers: { "x-token": `Bearer ${token}`, "x-host": "db-1" },
      body: '{"host":"db-1","note":"x&y=1"}',
    });
    expect(outcome).toMatchObject({
      status: "success",
      error: null,
      result: {
        status: 201,
        headers: { "content-type": "application/json", location: `/items/${MASK}` },
        body: JSON.stringify({ saw: MASK, ok: true }),
        truncated: false,
      },
    });
    // Only a few headers are kept, and none carries the secret.
    expect(Object.keys((outcome.result as { headers: object }).headers)).not.toContain("x-echo");
    expect(JSON.stringify(outcome)).not.toContain(token);
  });

  test("a status other than the expected one fails, naming it; any 2xx is a success when none is expected", async () => {
    answer = (_req, res) => {
      res.statusCode = 500;
      res.end("boom");
    };
    const failing = await callJob(jobCall(httpConfig({})).call);
    expect(failing).toMatchObject({ status: "failed", result: { status: 500, body: "boom" } });
    expect(shown(failing.error)).toBe("The server answered with status 500; a success is a 2xx status.");

    answer = (_req, res) => res.end("fine");
    const mismatch = await callJob(jobCall(httpConfig({ expectStatus: 204 })).call);
    expect(mismatch.status).toBe("failed");
    expect(shown(mismatch.error)).toBe("The server answered with status 200; this job expects 204.");
    expect((await callJob(jobCall(httpConfig({ expectStatus: 200 })).call)).status).toBe("success");
  });

  test("redirects are not followed: a 3xx is the answer, a success only when it is the expected status", async () => {
    answer = (req, res) => {
      if (req.url === "/moved") {
        res.writeHead(302, { location: "file:///etc/passwd" });
        res.end();
      } else res.end("target");
    };
    const outcome = await callJob(jobCall(httpConfig({ url: `${base}/moved` })).call);
    expect(outcome).toMatchObject({
      status: "failed",
      result: { status: 302, headers: { location: "file:///etc/passwd" } },
    });
    expect(received.map((r) => r.url)).toEqual(["/moved"]);
    expect((await callJob(jobCall(httpConfig({ url: `${base}/moved`, expectStatus: 302 })).call)).status).toBe(
      "success",
    );
  });

  test("the body is read up to maxBytes, then the reading stops and the result says truncated", async () => {
    answer = (_req, res) => res.end("x".repeat(100_000));
    const outcome = await callJob(jobCall(httpConfig({ maxBytes: 100 })).call);
    expect(outcome).toMatchObject({
      status: "success",
      result: { body: "x".repeat(100), bytes: 100, truncated: true },
    });
  });

  test("a receiver that does not answer times out at the shorter of the two timeouts", async () => {
    answer = () => {}; // never answers
    const started = Date.now();
    const outcome = await callJob(jobCall(httpConfig({ timeoutMs: 30_000 }), { timeoutMs: 1_000 }).call);
    expect(outcome).toMatchObject({ status: "timeout", result: null });
    expect(shown(outcome.error)).toBe("Timed out after 1 s.");
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  test("cancel aborts a call in flight", async () => {
    answer = () => {};
    const started = Date.now();
    const outcome = await callJob(jobCall(httpConfig({}), { shouldCancel: cancelAfter(600) }).call);
    expect(outcome).toMatchObject({ status: "cancelled", error: null });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  test("a header value that a placeholder would break onto a new line is refused; nothing is sent", async () => {
    const { call } = jobCall(httpConfig({ headers: { "x-name": "{Name}" } }), {
      params: { Name: "ok\r\nx-admin: true" },
    });
    const outcome = await callJob(call);
    expect(outcome.status).toBe("failed");
    expect(shown(outcome.error)).toMatch(/header x-name would contain a line break/);
    expect(received).toEqual([]);
  });

  test("an unknown placeholder fails with its name, before anything is sent", async () => {
    const outcome = await callJob(jobCall(httpConfig({ body: "{Nope}", method: "POST" })).call);
    expect(shown(outcome.error)).toMatch(/\{Nope\}/);
    expect(received).toEqual([]);
  });

  test("a receiver that is not there: a plain reason, naming the host", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await callJob(jobCall(httpConfig({ url: `http://127.0.0.1:${port}/` })).call);
    expect(outcome.status).toBe("failed");
    expect(shown(outcome.error)).toBe(`Could not reach 127.0.0.1:${port}: connection refused.`);
  });
});

describe("HTTP jobs where private networks are not allowed", () => {
  beforeEach(() => {
    outbound.allowPrivate = false;
  });

  test("a job to the cloud metadata address is refused at call time, even with its config saved while private addresses were allowed", async () => {
    const { actor } = await makeOwner();
    outbound.allowPrivate = true;
    const saved = await saveJob(
      actor,
      jobInput({
        name: "Meta",
        config: { type: "http", method: "GET", url: "http://169.254.169.254/latest/meta-data" },
      }),
    );
    outbound.allowPrivate = false;
    const [version] = await withTenant(actor, (tx) =>
      tx.select({ config: jobVersions.config }).from(jobVersions).where(eq(jobVersions.jobId, saved.id)),
    );
    const outcome = await callJob(jobCall(version?.config as unknown as Record<string, unknown>).call);
    expect(outcome).toMatchObject({ status: "failed", result: null });
    expect(shown(outcome.error)).toMatch(/is a private network address \(169\.254\.169\.254\)/);
  });

  test("a host name that resolves to a private address (localhost) is refused, and the receiver hears nothing", async () => {
    const port = (server.address() as AddressInfo).port;
    const outcome = await callJob(jobCall(httpConfig({ url: `http://localhost:${port}/` })).call);
    expect(outcome.status).toBe("failed");
    expect(shown(outcome.error)).toMatch(/resolves to a private network address/);
    expect(received).toEqual([]);
  });
});
