import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, expect, test, vi } from "vitest";
import * as outbound from "@/lib/net/fetch-outbound";
import { variableOptions } from "@/lib/work-orders/fetch-options";

vi.mock("@/lib/net/fetch-outbound", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/net/fetch-outbound")>();
  return { ...real, fetchOutbound: vi.fn(real.fetchOutbound) };
});
// The sources of this file listen on 127.0.0.1.
vi.mock("@/env", async (importOriginal) => {
  const { env } = await importOriginal<typeof import("@/env")>();
  return { env: { ...env, OUTBOUND_ALLOW_PRIVATE: true } };
});
afterEach(() => {
  vi.restoreAllMocks();
});

const variable = (url: string) => ({
  name: "Host",
  label: "Target host",
  multiple: false,
  required: true,
  source: { type: "http" as const, url, timeoutMs: 2_000 },
});

async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

test("a source that refuses the connection is named, with the reason in words (not ECONNREFUSED)", async () => {
  const port = await closedPort();
  vi.spyOn(console, "warn").mockImplementation(() => {});
  await expect(variableOptions(variable(`http://127.0.0.1:${port}/hosts`))).rejects.toMatchObject({
    name: "SafeError",
    field: "values.Host",
    message: `The options for "Target host" could not be loaded. Could not reach 127.0.0.1:${port}: connection refused.`,
  });
});

test("an error without a known code shows a plain sentence; its message (which may carry internals) is only logged", async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  vi.mocked(outbound.fetchOutbound).mockRejectedValueOnce(
    Object.assign(new Error("connect to 10.0.3.7:8443 via /srv/opsdesk/proxy.sock failed"), { code: "EWEIRD" }),
  );
  const failure = await variableOptions(variable("https://options.example.com/hosts")).catch((e: Error) => e);
  expect(failure).toMatchObject({
    name: "SafeError",
    message:
      'The options for "Target host" could not be loaded. Could not reach options.example.com: the connection failed.',
  });
  expect((failure as Error).message).not.toMatch(/10\.0\.3\.7|proxy\.sock|EWEIRD/);
  expect(warn).toHaveBeenCalled();
});
