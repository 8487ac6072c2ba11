import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { smtpPeer } from "./smtp-peer";

// Every send settles, whatever the SMTP server does: refused, blackholed (accepts TCP and never
// answers), 451 to every message, or so slow that only the overall deadline ends it. Each case
// sends more messages than the pool has connections, and then, once the server is good again,
// mail goes out in the same process (the pool heals). A send that hangs fails its test's timeout.
const peer = await smtpPeer("refused");
const base = `smtp://127.0.0.1:${peer.port}`;
/** Short timeouts for the test (the defaults are seconds): connect, greeting, inactivity, and the whole send. */
const fast = "connectionTimeout=400&greetingTimeout=400&socketTimeout=1000&sendTimeout=3000";
process.env.SMTP_URL = `${base}?${fast}`;
const { env } = await import("@/env");
const { sendMail } = await import("@/lib/mail/send-mail");
const { withTenant } = await import("@/db/tenant");
const { mailOutbox } = await import("@/db/schema");
const { makeOwner } = await import("../../support/factory");

let tenantId = "";
beforeAll(async () => {
  tenantId = (await makeOwner()).tenant.id;
});
afterAll(() => peer.stop());

let n = 0;
/** One send, timed: "sent" or its error message. */
async function send(): Promise<{ result: string; ms: number; to: string }> {
  const to = `person-${++n}@example.test`;
  const started = performance.now();
  const result = await sendMail(tenantId, { to, subject: `Mail ${n}`, text: "Hello", html: "<p>Hello</p>" }).then(
    () => "sent",
    (error: Error) => error.message,
  );
  return { result, ms: performance.now() - started, to };
}

/** Once the server is good again, mail goes out from this same process (the pool heals). */
async function recovers() {
  await peer.become("good");
  const ok = await send();
  expect(ok.result).toBe("sent");
  expect(peer.received.map((r) => r.to[0])).toContain(ok.to);
  const second = await send();
  expect(second.result).toBe("sent");
}

const SENDS = 10; // more than the pool's 4 connections

describe("every SMTP send settles", () => {
  test("a refused port: each of 10 sends in a row fails at once, and mail flows when the server is back", async () => {
    await peer.become("refused");
    for (let i = 0; i < SENDS; i++) {
      const r = await send();
      expect(r.result).toMatch(/ECONNREFUSED/);
      expect(r.ms).toBeLessThan(1500);
    }
    // Every failure is in the mail log.
    const failed = await withTenant({ tenantId, userId: null }, (tx) =>
      tx
        .select({ error: mailOutbox.error })
        .from(mailOutbox)
        .where(and(eq(mailOutbox.transport, "smtp"), isNotNull(mailOutbox.error))),
    );
    expect(failed.length).toBeGreaterThanOrEqual(SENDS);
    await recovers();
  }, 20_000);

  test("a blackhole (accepts TCP, never answers): 10 sends at once all fail by the greeting timeout", async () => {
    await peer.become("blackhole");
    const results = await Promise.all(Array.from({ length: SENDS }, () => send()));
    // The first to time out trips the breaker, which fails the others queued behind it then and there.
    expect(results.some((r) => /Greeting never received/.test(r.result))).toBe(true);
    for (const r of results) {
      expect(r.result).not.toBe("sent");
      expect(r.ms).toBeLessThan(3000);
    }
    await recovers();
  }, 20_000);

  test("while one send waits on a server that does not answer, the others fail soon instead of each waiting", async () => {
    await peer.become("good");
    await recovers();
    await peer.become("blackhole");
    const first = await send();
    expect(first.result).toMatch(/Greeting never received/);
    // The server is suspect now: the next send probes it, and those made meanwhile do not wait.
    const probe = send();
    const others = await Promise.all(Array.from({ length: SENDS }, () => send()));
    for (const r of others) {
      expect(r.result).toMatch(/The mail server is unreachable \(Greeting never received/);
      // They end with the probe's answer (400 ms), not each after a greeting wait of its own: the
      // pool's 4 connections would have taken 10 of them in three rounds.
      expect(r.ms).toBeLessThan(700);
    }
    expect((await probe).ms).toBeGreaterThan(300); // it did wait for the greeting (400 ms)
    await recovers();
  }, 30_000);

  test("a server answering 451: each of 10 sends in a row fails with its answer", async () => {
    await peer.become("451");
    for (let i = 0; i < SENDS; i++) {
      const r = await send();
      expect(r.result).toMatch(/451/);
      expect(r.ms).toBeLessThan(1500);
    }
    await recovers();
  }, 20_000);

  test("a server slower than the send's deadline: each send fails at the deadline and the pool is rebuilt", async () => {
    // Per-call timeouts far longer than the deadline: only the deadline can end these sends.
    (env as { SMTP_URL?: string }).SMTP_URL =
      `${base}?connectionTimeout=20000&greetingTimeout=20000&socketTimeout=20000&sendTimeout=500`;
    try {
      await peer.become("blackhole");
      for (let i = 0; i < 6; i++) {
        const r = await send();
        expect(r.result).toMatch(/did not finish within 0\.5 s/);
        expect(r.ms).toBeLessThan(1500);
      }
      await recovers();
    } finally {
      (env as { SMTP_URL?: string }).SMTP_URL = `${base}?${fast}`;
    }
  }, 30_000);
});
