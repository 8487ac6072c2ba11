import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { listOrders } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { makeTemplate, workOrderTenant } from "../../support/work-orders";

// As a multi-tenant install runs: private networks not allowed (the test setup allows them for
// every other file, whose servers listen on 127.0.0.1).
vi.mock("@/env", async (importOriginal) => {
  const { env } = await importOriginal<typeof import("@/env")>();
  return { env: { ...env, OUTBOUND_ALLOW_PRIVATE: false } };
});

/** An internal service on 127.0.0.1 that would answer a valid options list; it counts connections. */
let internal: { port: number; connections: number; close: () => Promise<void> };
beforeAll(async () => {
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { "content-type": "application/json" }).end('["web-1","web-2"]'),
  );
  server.on("connection", () => internal.connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  internal = {
    port: (server.address() as AddressInfo).port,
    connections: 0,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
});
afterAll(() => internal.close());

describe("options fetched over HTTP, private networks not allowed", () => {
  test.each([
    ["127.0.0.1", /is a private network address \(127\.0\.0\.1\)/],
    ["localhost", /resolves to a private network address \((127\.0\.0\.1|::1)\)/],
  ])("a source on %s is refused at submit, on the variable, and nothing is written or sent", async (host, address) => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t, {
      template: {
        variables: [
          {
            name: "Host",
            label: "Target host",
            multiple: false,
            required: true,
            source: { type: "http", url: `http://${host}:${internal.port}/hosts`, timeoutMs: 2_000 },
          },
        ],
      },
    });
    const error = await submitOrder(t.requester.actor, {
      templateId: tpl,
      title: "Ship web",
      values: { Host: "web-1" },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "SafeError", field: "values.Host" });
    const message = (error as Error).message;
    expect(message).toMatch(/^The options for "Target host" could not be loaded\. The URL's host /);
    expect(message).toMatch(address);
    expect(message).toMatch(
      /this server does not call those\. An operator can allow them with OUTBOUND_ALLOW_PRIVATE=true\.$/,
    );
    expect(await withTenant(t.owner.actor, (tx) => listOrders(tx, {}))).toHaveLength(0);
    expect(internal.connections).toBe(0);
  });
});
