import net from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from "vitest";
import { saveDatasource } from "@/lib/jobs/save-datasource";
import { testDatasource } from "@/lib/jobs/test-datasource";
import { makeMember, makeOwner } from "../../support/factory";
import { shown } from "./call-support";
import { SERVER, scratchDatabase, serverReachable } from "./datasource-support";

const outbound = vi.hoisted(() => ({ allowPrivate: true }));
vi.mock("@/env", async (importOriginal) => {
  const { env } = await importOriginal<typeof import("@/env")>();
  return {
    env: Object.defineProperty({ ...env }, "OUTBOUND_ALLOW_PRIVATE", { get: () => outbound.allowPrivate }),
  };
});

const reachable = await serverReachable();
let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
beforeAll(async () => {
  if (reachable) scratch = await scratchDatabase();
});
afterAll(async () => {
  await scratch?.drop();
});
beforeEach(() => {
  outbound.allowPrivate = true;
});

const PASSWORD = "Very-Secret-Pa55";
const withUser = (url: string, user: string) => url.replace("postgres://postgres@", `postgres://${user}:${PASSWORD}@`);

describe.skipIf(!reachable)("testing a datasource's connection", () => {
  test("a URL typed in the form (not saved) on the local server: ok, with the server's version", async () => {
    const { actor } = await makeOwner();
    const [{ server_version: version }] = (await scratch.db`show server_version`) as unknown as [
      { server_version: string },
    ];
    const result = await testDatasource(actor, { url: scratch.url });
    expect(result).toEqual({ ok: true, serverVersion: version, ms: expect.any(Number) });
  });

  test("a saved datasource by its id: its stored URL is decrypted and tried", async () => {
    const { actor } = await makeOwner();
    const saved = await saveDatasource(actor, {
      name: "Scratch",
      url: scratch.url,
      readOnly: true,
      idempotencyKey: crypto.randomUUID(),
    });
    expect(await testDatasource(actor, { id: saved.id })).toMatchObject({ ok: true });
    // Another tenant cannot test it.
    const other = await makeOwner("other");
    await expect(testDatasource(other.actor, { id: saved.id })).rejects.toMatchObject({
      code: "jobs.datasource_not_found",
    });
  });

  test("a user the server refuses: authentication failed, and the password appears nowhere", async () => {
    const { actor } = await makeOwner();
    const result = await testDatasource(actor, { url: withUser(scratch.url, "opsdesk_no_such_user") });
    expect(result.ok).toBe(false);
    const error = result.ok ? "" : result.error;
    expect(shown(error)).toMatch(/^Authentication failed for user “opsdesk_no_such_user”/);
    expect(error).not.toContain(PASSWORD);
    expect(shown(error)).not.toContain(PASSWORD);
  });

  test("a database that does not exist is said so by name", async () => {
    const { actor } = await makeOwner();
    const result = await testDatasource(actor, { url: withUser(`${SERVER}/opsdesk_ds_nowhere`, "postgres") });
    expect(result.ok ? "" : shown(result.error)).toBe(
      "The database “opsdesk_ds_nowhere” does not exist on 127.0.0.1:5432.",
    );
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });

  test("nothing listening: cannot connect; a server that never answers: timed out after about 5 s", async () => {
    const { actor } = await makeOwner();
    const refused = await testDatasource(actor, { url: `postgres://postgres:${PASSWORD}@127.0.0.1:1/x` });
    expect(refused.ok ? "" : shown(refused.error)).toBe("Could not connect to 127.0.0.1:1: connection refused.");

    // Accepts the connection, never says a word.
    const silent = net.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    const started = Date.now();
    const timedOut = await testDatasource(actor, { url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/x` });
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(timedOut.ok ? "" : shown(timedOut.error)).toBe(
      `Could not connect to 127.0.0.1:${port}: no answer within 5 s.`,
    );
    silent.close();
  });

  test("a private address is refused where private networks are not allowed, before connecting", async () => {
    const { actor } = await makeOwner();
    outbound.allowPrivate = false;
    const result = await testDatasource(actor, { url: `postgres://postgres:${PASSWORD}@169.254.169.254/x` });
    expect(result.ok ? "" : shown(result.error)).toMatch(/host is a private network address \(169\.254\.169\.254\)/);
    const named = await testDatasource(actor, { url: scratch.url.replace("127.0.0.1", "localhost") });
    expect(named.ok ? "" : shown(named.error)).toMatch(/resolves to a private network address/);
  });

  test("it takes the “Manage jobs” permission", async () => {
    const { actor } = await makeOwner();
    const { actor: viewer } = await makeMember(actor, "VIEWER");
    await expect(testDatasource(viewer, { url: scratch.url })).rejects.toMatchObject({
      code: "common.missing_permission",
      message: expect.stringMatching(/Manage jobs/),
    });
  });
});
