import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, expect, test } from "vitest";

// Mail through nodemailer to a real SMTP server on 127.0.0.1. SMTP_URL is read when the app's env
// module loads, so the app is imported after the server is up.
const received: string[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  closeTimeout: 100, // the app's pooled connection stays open; do not wait for it
  onData(stream, session, callback) {
    stream.resume();
    stream.on("end", () => {
      received.push(...session.envelope.rcptTo.map((r) => r.address));
      callback();
    });
  },
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server.server.address() as AddressInfo).port;
// One pooled connection, so each message waits for the one before it.
process.env.SMTP_URL = `smtp://127.0.0.1:${port}?maxConnections=1`;
const { sendMail } = await import("@/lib/mail/send-mail");
const { withTenant } = await import("@/db/tenant");
const { mailOutbox } = await import("@/db/schema");
const { makeOwner } = await import("../../support/factory");

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("mail after mail on one pooled connection goes out without a per-message stall", async () => {
  const { tenant } = await makeOwner();
  const to = Array.from({ length: 30 }, (_, i) => `person-${i}@example.test`);
  await sendMail(tenant.id, { to: "warm@example.test", subject: "warm", text: "warm", html: "<p>warm</p>" });
  const started = performance.now();
  for (const address of to) {
    await sendMail(tenant.id, { to: address, subject: "Hello", text: "Hello", html: "<p>Hello</p>" });
  }
  const elapsed = performance.now() - started;
  expect(received.slice(1)).toEqual(to);
  const logged = await withTenant({ tenantId: tenant.id, userId: null }, (tx) =>
    tx
      .select({ to: mailOutbox.to })
      .from(mailOutbox)
      .where(and(eq(mailOutbox.transport, "smtp"), eq(mailOutbox.subject, "Hello"))),
  );
  expect(logged).toHaveLength(30);
  // With Nagle's algorithm on the client socket each message stalls on the server's delayed ACK
  // (~40 ms, so 30 messages take over a second); without it they take a few ms each.
  expect(elapsed).toBeLessThan(600);
});
