import http from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { expect, test, vi } from "vitest";
import { notificationChannels } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { encryptSecret } from "@/lib/crypto";
import { saveChannel } from "@/lib/notifications/save-channel";
import { testChannel } from "@/lib/notifications/test-channel";
import { makeOwner } from "../../support/factory";

/** A port on 127.0.0.1 that nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const slack = (url: string) => ({
  name: "Ops Slack",
  kind: "slack" as const,
  url,
  enabled: true,
  events: [],
  signingSecret: "",
  clearSigningSecret: false,
});

test("Send test to a channel nobody answers on says so in words: host and 'connection refused', no error code", async () => {
  const owner = await makeOwner();
  const port = await closedPort();
  const channel = await saveChannel(owner.actor, slack(`http://127.0.0.1:${port}/hook`));
  await expect(testChannel(owner.actor, { id: channel.id })).rejects.toMatchObject({
    name: "SafeError",
    message: `The test failed: could not reach the channel at 127.0.0.1:${port}: connection refused`,
  });
});

test("Send test that fails inside the server shows a plain sentence, not the error's own text", async () => {
  const owner = await makeOwner();
  const channel = await saveChannel(owner.actor, slack("http://127.0.0.1:9/hook"));
  // A stored secret that no longer decrypts (a rotated key, say): the cipher's complaint is for the log.
  const [version, iv, , body] = encryptSecret(JSON.stringify({ url: "http://127.0.0.1:9/hook" })).split(":");
  const tampered = [version, iv, "AAAAAAAAAAAAAAAAAAAAAA", body].join(":");
  await withTenant(owner.actor, (tx) =>
    tx.update(notificationChannels).set({ secret: tampered }).where(eq(notificationChannels.id, channel.id)),
  );
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  const failure = await testChannel(owner.actor, { id: channel.id }).then(
    () => null,
    (e: Error) => e,
  );
  expect(failure).toMatchObject({
    name: "SafeError",
    message: "The test failed: something on our side went wrong, so nothing was sent. The server log has the details.",
  });
  expect(failure?.message).not.toMatch(/authenticate|decipher|unsupported state/i);
  expect(logged).toHaveBeenCalled();
  logged.mockRestore();
});
