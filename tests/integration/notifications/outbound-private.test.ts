import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { listChannels, listDeliveries } from "@/db/queries/notifications";
import { notificationDeliveries } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { fetchOutbound } from "@/lib/net/fetch-outbound";
import { deliverNotification } from "@/lib/notifications/deliver-notification";
import { saveChannel } from "@/lib/notifications/save-channel";
import { testChannel } from "@/lib/notifications/test-channel";
import { makeOwner } from "../../support/factory";

// This file runs as a multi-tenant install does: private networks not allowed (the test setup
// allows them for every other file, whose servers listen on 127.0.0.1).
vi.mock("@/env", async (importOriginal) => {
  const { env } = await importOriginal<typeof import("@/env")>();
  return { env: { ...env, OUTBOUND_ALLOW_PRIVATE: false } };
});

// A public-looking name whose DNS answer is 127.0.0.1 (as a rebinding attacker's would be, at the
// moment the app connects). Every other name resolves for real.
const REBOUND = "hooks.rebound.example";
vi.mock("node:dns", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:dns")>();
  const lookup = ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (hostname !== REBOUND) return real.lookup(hostname, options, callback as never);
    if (options.all) callback(null, [{ address: "127.0.0.1", family: 4 }]);
    else callback(null, "127.0.0.1", 4);
  }) as typeof real.lookup;
  return { ...real, lookup, default: { ...real, lookup } };
});

const refusal = (address: string, how: "is" | "resolves to") =>
  `The URL's host ${how} a private network address (${address}); this server does not call those. ` +
  "An operator can allow them with OUTBOUND_ALLOW_PRIVATE=true.";

/** An internal service on 127.0.0.1 that a tenant must not reach: it counts connections, not just requests. */
let internal: { port: number; connections: number; requests: number; close: () => Promise<void> };
beforeAll(async () => {
  const server = http.createServer((_req, res) => {
    internal.requests++;
    res.writeHead(200, { "content-type": "application/json" }).end('{"secret":"internal"}');
  });
  server.on("connection", () => internal.connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  internal = {
    port: (server.address() as AddressInfo).port,
    connections: 0,
    requests: 0,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
});
afterAll(() => internal.close());

const reached = () => ({ connections: internal.connections, requests: internal.requests });
const call = (url: string, allowPrivate: boolean) =>
  fetchOutbound(url, { method: "POST", body: "{}", timeoutMs: 2_000, maxBytes: 4096, allowPrivate });

describe("outbound calls with private networks not allowed", () => {
  test("a private IP in the URL, or a name resolving to one, is refused before anything is sent", async () => {
    const before = reached();
    await expect(call(`http://127.0.0.1:${internal.port}/`, false)).rejects.toThrow(refusal("127.0.0.1", "is"));
    await expect(call(`http://[::ffff:127.0.0.1]:${internal.port}/`, false)).rejects.toThrow(
      refusal("::ffff:7f00:1", "is"),
    );
    await expect(call(`http://2130706433:${internal.port}/`, false)).rejects.toThrow(refusal("127.0.0.1", "is"));
    await expect(call(`http://${REBOUND}:${internal.port}/`, false)).rejects.toThrow(
      refusal("127.0.0.1", "resolves to"),
    );
    await expect(call(`http://localhost:${internal.port}/`, false)).rejects.toThrow(
      /^The URL's host resolves to a private network address \((127\.0\.0\.1|::1)\)/,
    );
    expect(reached()).toEqual(before);

    // The same calls with private networks allowed do reach the server (so the above was the guard).
    expect(await call(`http://${REBOUND}:${internal.port}/`, true)).toMatchObject({ status: 200, ok: true });
    expect(await call(`http://127.0.0.1:${internal.port}/`, true)).toMatchObject({ text: '{"secret":"internal"}' });
    expect(reached().requests).toBe(before.requests + 2);
  });

  test("a channel URL written with a private IP is refused on save and nothing is stored", async () => {
    const owner = await makeOwner();
    const form = { kind: "webhook" as const, enabled: true, events: [], signingSecret: "", clearSigningSecret: false };
    await expect(
      saveChannel(owner.actor, { ...form, name: "Metadata", url: "http://169.254.169.254/latest/meta-data/" }),
    ).rejects.toMatchObject({ field: "url", message: refusal("169.254.169.254", "is") });
    const channels = await withTenant(owner.actor, (tx) => listChannels(tx));
    expect(channels.map((c) => c.name)).not.toContain("Metadata");
  });

  test("Send test and a delivery to a name that resolves privately fail with the refusal; the server hears nothing", async () => {
    const owner = await makeOwner();
    const before = reached();
    // A host name passes the form (what it resolves to is only known when it is called).
    const hook = await saveChannel(owner.actor, {
      name: "Internal hook",
      kind: "slack",
      url: `http://${REBOUND}:${internal.port}/hook`,
      enabled: true,
      events: [],
      signingSecret: "",
      clearSigningSecret: false,
    });
    await expect(testChannel(owner.actor, { id: hook.id })).rejects.toMatchObject({
      name: "SafeError",
      message: `The test failed: ${refusal("127.0.0.1", "resolves to")}`,
    });

    const [delivery] = await withTenant(owner.actor, (tx) =>
      tx
        .insert(notificationDeliveries)
        .values({
          sourceEventId: "evt-private",
          event: "work-order/approved",
          data: {},
          recipientId: owner.userId,
          recipient: owner.email,
          channelId: hook.id,
          channelName: hook.name,
          channelKind: "slack",
          subject: "Approved",
          body: "Approved.",
        })
        .returning(),
    );
    await expect(deliverNotification({ tenantId: owner.tenant.id, deliveryId: delivery!.id })).rejects.toThrow(
      refusal("127.0.0.1", "resolves to"),
    );
    const log = await withTenant(owner.actor, (tx) => listDeliveries(tx, { channelId: hook.id }));
    expect(log).toMatchObject([{ status: "pending", attempts: 1, lastError: refusal("127.0.0.1", "resolves to") }]);
    expect(reached()).toEqual(before);
  });
});
