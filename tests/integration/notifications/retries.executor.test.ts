import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { renderStored, translator } from "@/lib/i18n/translate";
import { smtpPeer } from "../mail/smtp-peer";

// Email deliveries through a real SMTP peer that goes down and comes back, driven by the real
// notification functions on the embedded executor with a manual clock and the default retry
// schedule (1 min, 5 min, 15 min, 1 h). SMTP_URL is read when env.ts loads, so the app is
// imported once the peer has its port.
const peer = await smtpPeer("good");
process.env.SMTP_URL = `smtp://127.0.0.1:${peer.port}?connectionTimeout=1000&greetingTimeout=1000&socketTimeout=5000&sendTimeout=10000`;
const { database } = await import("@/db/client");
const { listDeliveries } = await import("@/db/queries/notifications");
const { inngestQueue, inngestRuns, mailOutbox } = await import("@/db/schema");
const { withTenant } = await import("@/db/tenant");
const { env } = await import("@/env");
const { approveOrder } = await import("@/lib/approvals/decide-order");
const { urgeOrder } = await import("@/lib/approvals/urge-order");
const { deliveryMessageId } = await import("@/lib/notifications/deliver-notification");
const { MAX_RUN_RETRIES } = await import("@/lib/notifications/retry-plan");
const { submitOrder } = await import("@/lib/work-orders/submit-order");
const { level, makeTemplate, workOrderTenant } = await import("../../support/work-orders");
const { appExecutor } = await import("../inngest/app-executor");
type WoTenant = Awaited<ReturnType<typeof workOrderTenant>>;

// The app's functions but its per-minute cron jobs: over a day of manual clock they would fire
// about 1,500 runs that have nothing to do with mail (the executor catches up missed ticks).
const app = appExecutor({ withoutCron: true });
beforeAll(app.start);
afterAll(async () => {
  await app.stop();
  await peer.stop();
});

const MIN = 60_000;
const HOUR = 60 * MIN;

/** An order awaiting its one approver; with SMTP good, the approval email is sent. */
async function pendingOrder(t: WoTenant, title = "Ship web") {
  const tpl = await makeTemplate(t, { levels: [level("single", [t.approvers[0]!.userId])] });
  return submitOrder(t.requester.actor, { templateId: tpl, title, values: { Host: "host1" } });
}

/** The email deliveries of one event of an order (as the delivery log lists them). */
async function emails(t: WoTenant, event: string, orderId: string) {
  const rows = await withTenant(t.owner.actor, (tx) => listDeliveries(tx, { event }));
  return rows.filter((r) => r.orderId === orderId && r.channelKind === "email");
}

/** The delivery's runs of "Notify: deliver", oldest first. */
async function runsOf(deliveryId: string) {
  const { db } = await database();
  return db
    .select({ id: inngestRuns.id, status: inngestRuns.status, output: inngestRuns.output })
    .from(inngestRuns)
    .where(
      and(
        eq(inngestRuns.functionId, "opsdesk-notification-deliver"),
        sql`${inngestRuns.event} -> 'data' ->> 'deliveryId' = ${deliveryId}`,
      ),
    )
    .orderBy(inngestRuns.createdAt);
}

/** When the executor will next try the delivery (its run's queue item), on the executor's clock. */
async function retryAt(deliveryId: string): Promise<number | null> {
  const { db } = await database();
  const ids = (await runsOf(deliveryId)).map((r) => r.id);
  if (ids.length === 0) return null;
  const [item] = await db
    .select({ fireAt: inngestQueue.fireAt })
    .from(inngestQueue)
    .where(and(inArray(inngestQueue.runId, ids), isNotNull(inngestQueue.fireAt)))
    .orderBy(inngestQueue.fireAt)
    .limit(1);
  return item?.fireAt?.getTime() ?? null;
}

async function approvalEmail(t: WoTenant, orderId: string) {
  const [row, ...more] = await emails(t, "approval/requested", orderId);
  expect(more).toEqual([]);
  return row!;
}

describe("email retries outlast an SMTP outage", () => {
  test("an outage far longer than the old 15 s window: the approval email is sent once SMTP is back, and the log says when the next attempt is", async () => {
    const t = await workOrderTenant(1);
    await peer.become("refused");
    const order = await pendingOrder(t);
    await app.settle();
    let d = await approvalEmail(t, order.id);
    expect(d).toMatchObject({ status: "pending", attempts: 1 });
    expect(d.lastError).toMatch(/ECONNREFUSED/);
    // Next attempt a minute after the failed one, on the row and on the executor's timer alike.
    const failedAt = Date.parse(d.attemptLog[0]!.at);
    expect(d.nextAttemptAt!.getTime() - failedAt).toBeGreaterThanOrEqual(MIN - 1000);
    expect(d.nextAttemptAt!.getTime() - failedAt).toBeLessThanOrEqual(MIN + 1000);
    expect(Math.abs((await retryAt(d.id))! - app.clock.now() - MIN)).toBeLessThan(2000);

    await app.settle(2 * MIN); // the 1 min retry: still down
    d = await approvalEmail(t, order.id);
    expect(d).toMatchObject({ status: "pending", attempts: 2 });
    const second = d.nextAttemptAt!.getTime() - Date.parse(d.attemptLog[1]!.at);
    expect(Math.abs(second - 5 * MIN)).toBeLessThan(1000);

    await peer.become("good");
    await app.settle(6 * MIN); // the 5 min retry goes out
    d = await approvalEmail(t, order.id);
    expect(d).toMatchObject({ status: "sent", attempts: 3, lastError: null, nextAttemptAt: null });
    expect(d.attemptLog.map((a) => a.outcome)).toEqual(["failed", "failed", "sent"]);
    expect(peer.received.filter((m) => m.to.includes(t.approvers[0]!.email))).toHaveLength(1);
  });

  test("any other email ends failed after the schedule (5 attempts over 81 min), not before", async () => {
    const t = await workOrderTenant(1);
    await peer.become("good");
    const order = await pendingOrder(t);
    await app.settle();
    await peer.become("refused");
    await urgeOrder(t.requester.actor, { orderId: order.id });
    await app.settle();
    const urged = async () => (await emails(t, "approval/urged", order.id))[0]!;
    expect(await urged()).toMatchObject({ status: "pending", attempts: 1 });

    // Each retry waits its turn of the schedule, on the executor's clock.
    const id = (await urged()).id;
    for (const [i, gap] of env.NOTIFY_RETRY_BACKOFF.entries()) {
      const next = (await retryAt(id))!;
      expect(Math.abs(next - app.clock.now() - gap)).toBeLessThan(2000);
      app.clock.set(next - 1000);
      await app.settle(); // a second early: nothing happens
      expect(await urged()).toMatchObject({ status: "pending", attempts: i + 1 });
      await app.settle(2000);
      expect((await urged()).attempts).toBe(i + 2);
    }
    const d = await urged();
    expect(d).toMatchObject({ status: "failed", attempts: env.NOTIFY_RETRY_BACKOFF.length + 1, nextAttemptAt: null });
    expect(d.lastError).toMatch(/ECONNREFUSED/);
    expect(d.attemptLog.map((a) => a.outcome)).toEqual(Array(5).fill("failed"));
    // The approval email sent before the outage is untouched.
    expect((await approvalEmail(t, order.id)).status).toBe("sent");
  });

  test("an approval email whose task is pending never ends failed: past the schedule it retries hourly, past Inngest's 20 retries in a fresh run", async () => {
    const t = await workOrderTenant(1);
    await peer.become("refused");
    const order = await pendingOrder(t);
    await app.settle();
    const id = (await approvalEmail(t, order.id)).id;
    // Down for over a day: the schedule (81 min), then hourly, past the 21 attempts one run may
    // make. The clock jumps straight to each retry.
    const gaps: number[] = [];
    for (let i = 0; i < 26; i++) {
      const next = (await retryAt(id))!;
      gaps.push(Math.round((next - app.clock.now()) / MIN));
      app.clock.set(Math.max(next, app.clock.now()));
      await app.settle();
      const d = await approvalEmail(t, order.id);
      expect(d.status).toBe("pending");
      expect(d.nextAttemptAt).not.toBeNull();
    }
    expect(gaps).toEqual([1, 5, 15, ...Array(23).fill(60)]);
    const d = await approvalEmail(t, order.id);
    expect(d.attempts).toBe(27);
    expect(d.attempts).toBeGreaterThan(MAX_RUN_RETRIES + 1);
    // The first run ran out of retries and handed over to a fresh one; none failed.
    const runs = await runsOf(d.id);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs[0]).toMatchObject({ status: "completed", output: { outcome: "continued" } });
    expect(runs.filter((r) => r.status === "failed")).toEqual([]);

    // SMTP is back: the email goes out within the hour, with its links.
    await peer.become("good");
    const next = (await retryAt(id))!;
    expect(next - app.clock.now()).toBeLessThanOrEqual(HOUR + 2000);
    app.clock.set(next);
    await app.settle();
    const sent = await approvalEmail(t, order.id);
    expect(sent).toMatchObject({ status: "sent", nextAttemptAt: null });
    const [mail] = peer.received.filter((m) => m.to.includes(t.approvers[0]!.email));
    expect(mail?.subject).toContain("Approval needed");
  });

  test("once its task is decided, an approval email still failing is skipped, not sent", async () => {
    const t = await workOrderTenant(1);
    await peer.become("refused");
    const order = await pendingOrder(t);
    await app.settle();
    await approveOrder(t.approvers[0]!.actor, { orderId: order.id, comment: "" });
    await peer.become("good");
    await app.settle(2 * MIN);
    const d = await approvalEmail(t, order.id);
    expect(d.status).toBe("skipped");
    // The log says why, in its reader's language.
    expect(renderStored("en", d.lastError ?? "")).toMatch(/decided/i);
    expect(renderStored("zh-CN", d.lastError ?? "")).toBe(
      translator("zh-CN")("notifications.errors.skip_approval_settled"),
    );
    expect(
      peer.received.filter((m) => m.subject?.includes("Approval needed") && m.to.includes(t.approvers[0]!.email)),
    ).toEqual([]);
  });
});

describe("at-least-once email", () => {
  test("an attempt is logged as sending before the server has the mail, and every attempt carries the delivery's one Message-ID", async () => {
    const t = await workOrderTenant(1);
    await peer.become("hold");
    const order = await pendingOrder(t);
    const settling = app.settle();
    // Until the server has the whole message (but has not answered DATA).
    const d = await vi.waitFor(
      async () => {
        const row = await approvalEmail(t, order.id);
        expect(peer.seen.map((m) => m.messageId)).toContain(deliveryMessageId(row?.id ?? ""));
        return row;
      },
      { timeout: 10_000, interval: 20 },
    );
    const messageId = deliveryMessageId(d.id);
    expect(messageId).toBe(`<delivery-${d.id}@localhost>`);
    expect(d).toMatchObject({ status: "pending", attempts: 1 });
    expect(d.attemptLog.map((a) => a.outcome)).toEqual(["sending"]);
    expect(d.attemptLog[0]?.startedAt).toBeTruthy();

    // The server dies before answering: whether it kept the mail is unknown, so it is sent again.
    await peer.become("good");
    await settling;
    expect((await approvalEmail(t, order.id)).attemptLog.map((a) => a.outcome)).toEqual(["failed"]);
    await app.settle(2 * MIN);
    const after = await approvalEmail(t, order.id);
    expect(after).toMatchObject({ status: "sent", attempts: 2 });
    expect(after.attemptLog.map((a) => a.outcome)).toEqual(["failed", "sent"]);
    const copies = peer.seen.filter((m) => m.messageId === messageId);
    expect(copies.length).toBe(2); // the receiver can tell the second is the first again
    expect(peer.received.filter((m) => m.messageId === messageId)).toHaveLength(1);

    // The mail log has the Message-ID too.
    const { db } = await database();
    const logged = await db.select({ messageId: mailOutbox.messageId, sentAt: mailOutbox.sentAt }).from(mailOutbox);
    expect(logged.filter((l) => l.messageId === messageId && l.sentAt)).toHaveLength(1);
  });
});
