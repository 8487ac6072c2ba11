// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${var} is the notification templates' placeholder syntax.
import { createHmac } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { database } from "@/db/client";
import { listChannels, listDeliveries, listInbox, unreadCount } from "@/db/queries/notifications";
import { getOrder } from "@/db/queries/work-orders";
import { inngestRuns, mailOutbox, notificationChannels, notificationDeliveries } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { inngest } from "@/inngest/client";
import { DELIVERY_RETRIES } from "@/inngest/functions/notifications/deliver";
import { approveOrder, rejectOrder } from "@/lib/approvals/decide-order";
import { urgeOrder } from "@/lib/approvals/urge-order";
import { markRead } from "@/lib/notifications/mark-read";
import { muteOrder } from "@/lib/notifications/mute-order";
import { retryDelivery } from "@/lib/notifications/retry-delivery";
import { deleteChannel, saveChannel } from "@/lib/notifications/save-channel";
import { savePreferences } from "@/lib/notifications/save-preferences";
import { resetNotificationTemplate, saveNotificationTemplate } from "@/lib/notifications/save-template";
import { testChannel } from "@/lib/notifications/test-channel";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { makeMember } from "../../support/factory";
import { rowsOf } from "../../support/rows";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";
import { appExecutor } from "../inngest/app-executor";

// The real notification functions (fan-out → one delivery run per recipient × channel) on the
// embedded executor, with a manual clock to step through retry backoff. No SMTP_URL: mail lands
// in the outbox table. Webhooks go to a real HTTP server on 127.0.0.1. A short retry schedule
// (read once, when env.ts loads), so a failing channel ends failed within `settle()`'s two minutes;
// the default schedule is tested in retries.executor.test.ts.
vi.hoisted(() => {
  process.env.NOTIFY_RETRY_BACKOFF = "1s,2s,4s,8s";
});
const app = appExecutor();
/** Everything due, and retries with their backoff (up to two minutes ahead). */
const settle = () => app.settle(120_000);
beforeAll(app.start);
afterAll(app.stop);

type ChannelInput = Parameters<typeof saveChannel>[1];
/** A channel form as an admin leaves it: enabled, all events, no URL or secret change. */
const channel = (input: Pick<ChannelInput, "name" | "kind"> & Partial<ChannelInput>): ChannelInput => ({
  enabled: true,
  events: [],
  url: "",
  signingSecret: "",
  clearSigningSecret: false,
  ...input,
});

type Hook = { status: number; body: string; headers: http.IncomingHttpHeaders };
/**
 * A webhook receiver on 127.0.0.1: request n gets `script[n]` as its status (the last one from
 * then on) and `answer` as its body. Both can be changed while it runs.
 */
async function hookServer(script: number[], answer = '{"ok":true}') {
  const received: Hook[] = [];
  const state = { script, answer, served: 0 };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      const status = state.script[Math.min(state.served++, state.script.length - 1)] as number;
      received.push({ status, body, headers: req.headers });
      res
        .writeHead(status, { "content-type": "application/json" })
        .end(status < 300 ? state.answer : '{"error":"down"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    received,
    state,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const deliveries = (t: WoTenant, where: { event?: string; orderId?: string } = {}) =>
  withTenant(t.owner.actor, (tx) =>
    tx
      .select()
      .from(notificationDeliveries)
      .where(
        and(
          where.event ? eq(notificationDeliveries.event, where.event) : undefined,
          where.orderId ? eq(notificationDeliveries.orderId, where.orderId) : undefined,
        ),
      ),
  );

/** An order awaiting a countersign of all `t.approvers`. */
async function pendingOrder(t: WoTenant) {
  const tpl = await makeTemplate(t, {
    levels: [
      level(
        "countersign",
        t.approvers.map((a) => a.userId),
      ),
    ],
  });
  const order = await submitOrder(t.requester.actor, { templateId: tpl, title: "Ship web", values: { Host: "host1" } });
  await settle();
  return order;
}

/** An order approved by its single approver (the requester hears "approved"). */
async function approvedOrder(t: WoTenant) {
  const tpl = await makeTemplate(t, { levels: [level("single", [t.approvers[0]!.userId])] });
  const order = await submitOrder(t.requester.actor, { templateId: tpl, title: "Ship api", values: { Host: "host2" } });
  await settle();
  await approveOrder(t.approvers[0]!.actor, { orderId: order.id, comment: "" });
  await settle();
  return order;
}

/** What reached `to` by email: the tenant's outbox, which is the mailbox without SMTP. */
const mailbox = (t: WoTenant, to: string) =>
  withTenant(t.owner.actor, (tx) => tx.select().from(mailOutbox).where(eq(mailOutbox.to, to)));

/** A member's in-app inbox, as they see it. */
const inboxOf = (person: WoTenant["requester"]) => withTenant(person.actor, (tx) => listInbox(tx, person.userId));

/** Per recipient, the channels an event's deliveries went out on (only sent ones count). */
async function sentTo(t: WoTenant, event: string, orderId: string) {
  const rows = await deliveries(t, { event, orderId });
  const by = new Map<string, string[]>();
  for (const d of rows)
    if (d.status === "sent") by.set(d.recipientId, [...(by.get(d.recipientId) ?? []), d.channelKind].sort());
  return { rows, by };
}

describe("notification fan-out", () => {
  test("one event to 3 recipients × 2 channels → 6 deliveries logged and delivered", async () => {
    const t = await workOrderTenant(3);
    const order = await pendingOrder(t);
    await urgeOrder(t.requester.actor, { orderId: order.id });
    await settle();

    const urged = await deliveries(t, { event: "approval/urged" });
    expect(urged).toHaveLength(6);
    expect(urged.map((d) => d.channelKind).sort()).toEqual(["email", "email", "email", "in_app", "in_app", "in_app"]);
    expect(new Set(urged.map((d) => d.recipientId))).toEqual(new Set(t.approvers.map((a) => a.userId)));
    expect(urged.every((d) => d.status === "sent" && d.attempts === 1)).toBe(true);

    // What the recipients see: an email each, naming them and the order, and an unread in-app item.
    for (const a of t.approvers) {
      const mails = await withTenant(t.owner.actor, (tx) =>
        tx.select().from(mailOutbox).where(eq(mailOutbox.to, a.email)),
      );
      const reminder = mails.find((m) => m.subject.includes("Reminder"));
      expect(reminder?.subject).toContain("Ship web");
      expect(reminder?.text).toContain(`/work-orders/${order.id}`);
      expect(await withTenant(a.actor, (tx) => unreadCount(tx, a.userId))).toBe(2); // requested + urged
      const inbox = await withTenant(a.actor, (tx) => listInbox(tx, a.userId));
      expect(inbox[0]?.title).toContain("Reminder");
    }
    // A replayed fan-out adds nothing.
    const before = (await deliveries(t)).length;
    await inngest.send({ id: urged[0]!.sourceEventId, name: "approval/urged", data: urged[0]!.data as never });
    await settle();
    expect((await deliveries(t)).length).toBe(before);
    // A fan-out run again (as after a retry) plans nothing new and sends nobody anything twice.
    const { db } = await database();
    const [fanOut] = await db
      .select({ id: inngestRuns.id })
      .from(inngestRuns)
      .where(
        and(
          eq(inngestRuns.eventId, urged[0]!.sourceEventId),
          eq(inngestRuns.functionId, "opsdesk-notification-fan-out"),
        ),
      );
    await app.executor.rerun(fanOut!.id);
    await settle();
    expect((await deliveries(t)).length).toBe(before);
    for (const a of t.approvers) expect(await withTenant(a.actor, (tx) => unreadCount(tx, a.userId))).toBe(2);
  });

  test("a webhook that fails twice then succeeds is delivered on attempt 3, signed", async () => {
    const t = await workOrderTenant(1);
    const hook = await hookServer([500, 502, 200]);
    try {
      const ch = await saveChannel(
        t.owner.actor,
        channel({
          name: "Ops hook",
          kind: "webhook",
          events: ["work-order/approved"],
          url: hook.url,
          signingSecret: "s3cret-signing",
        }),
      );
      const order = await approvedOrder(t);
      const [d] = (await deliveries(t, { event: "work-order/approved" })).filter((x) => x.channelId === ch.id);
      expect(d).toMatchObject({ status: "sent", attempts: 3, recipientId: t.requester.userId });
      expect(hook.received.map((r) => r.status)).toEqual([500, 502, 200]);
      // Every attempt is in the log, in order, each with when and how it ended.
      expect(d?.attemptLog.map((a) => [a.outcome, a.detail?.match(/HTTP \d+/)?.[0] ?? null])).toEqual([
        ["failed", "HTTP 500"],
        ["failed", "HTTP 502"],
        ["sent", null],
      ]);
      const times = (d?.attemptLog ?? []).map((a) => Date.parse(a.at));
      expect(times.every((at, i) => !Number.isNaN(at) && (i === 0 || at >= (times[i - 1] as number)))).toBe(true);

      const last = hook.received[2] as Hook;
      const payload = JSON.parse(last.body);
      expect(payload).toMatchObject({ id: d?.id, event: "work-order/approved", recipient: { id: t.requester.userId } });
      expect(payload.link).toContain(`/work-orders/${order.id}`);
      const ts = last.headers["x-opsdesk-timestamp"] as string;
      const expected = createHmac("sha256", "s3cret-signing").update(`${ts}.${last.body}`).digest("hex");
      expect(last.headers["x-opsdesk-signature"]).toBe(`sha256=${expected}`);
      // Limited to "approved": the submit/requested events never reached the hook.
      expect(hook.received.every((r) => JSON.parse(r.body).event === "work-order/approved")).toBe(true);
    } finally {
      await hook.close();
    }
  });

  test("a channel that always fails ends failed after the declared retries; the others are unaffected; Retry sends it", async () => {
    const t = await workOrderTenant(1);
    const hook = await hookServer([503]);
    try {
      const ch = await saveChannel(
        t.owner.actor,
        channel({
          name: "Down hook",
          kind: "slack",
          events: ["work-order/approved"],
          url: hook.url,
        }),
      );
      await approvedOrder(t);
      const rows = await deliveries(t, { event: "work-order/approved" });
      const down = rows.find((d) => d.channelId === ch.id);
      expect(down).toMatchObject({ status: "failed", attempts: DELIVERY_RETRIES + 1 });
      expect(down?.lastError).toContain("HTTP 503");
      expect(hook.received).toHaveLength(DELIVERY_RETRIES + 1);
      expect(JSON.parse(hook.received[0]!.body).text).toContain("Ship api");
      expect(
        rows
          .filter((d) => d.channelId !== ch.id)
          .map((d) => [d.channelKind, d.status])
          .sort(),
      ).toEqual([
        ["email", "sent"],
        ["in_app", "sent"],
      ]);
      // The log shows it; an admin retries once the channel is back.
      const log = await withTenant(t.owner.actor, (tx) => listDeliveries(tx, { status: "failed" }));
      expect(log.map((l) => l.id)).toEqual([down?.id]);
      await expect(
        retryDelivery(t.owner.actor, { id: rows.find((d) => d.channelKind === "email")!.id }),
      ).rejects.toThrow("Only failed deliveries can be retried; this one is sent.");
      await expect(retryDelivery(t.requester.actor, { id: down!.id })).rejects.toThrow(
        "You need the “Manage notifications” permission",
      );
      hook.state.script = [200];
      hook.state.served = 0;
      await retryDelivery(t.owner.actor, { id: down!.id });
      await settle();
      const [after] = (await deliveries(t)).filter((d) => d.id === down?.id);
      expect(after).toMatchObject({ status: "sent", attempts: DELIVERY_RETRIES + 2, lastError: null });
      // The log keeps the five failed attempts (their errors too) before the retry that went out.
      expect(after?.attemptLog.map((a) => a.outcome)).toEqual([...Array(DELIVERY_RETRIES + 1).fill("failed"), "sent"]);
      expect(after?.attemptLog.filter((a) => a.detail?.includes("HTTP 503"))).toHaveLength(DELIVERY_RETRIES + 1);
      // Deleting the channel keeps its delivery log, under the channel's name.
      await deleteChannel(t.owner.actor, { id: ch.id });
      const kept = await withTenant(t.owner.actor, (tx) => listDeliveries(tx, {}));
      expect(kept.find((l) => l.id === down?.id)).toMatchObject({ status: "sent", channelName: "Down hook" });
    } finally {
      await hook.close();
    }
  });

  test("preferences and mutes decide who hears what; an approval request ignores mutes and keeps its email", async () => {
    const t = await workOrderTenant(1);
    const approver = t.approvers[0]!;
    await savePreferences(t.requester.actor, { preferences: { "work-order/approved": ["in_app"] } });
    await savePreferences(approver.actor, { preferences: { "approval/requested": ["in_app"] } });
    const order = await approvedOrder(t);
    const approved = await deliveries(t, { event: "work-order/approved", orderId: order.id });
    expect(approved.map((d) => d.channelKind)).toEqual(["in_app"]);
    const requested = await deliveries(t, { event: "approval/requested", orderId: order.id });
    expect(requested.map((d) => d.channelKind).sort()).toEqual(["email", "in_app"]);

    // Muting: the requester mutes a pending order; urging still reaches the approver, who mutes it too.
    const tpl = await makeTemplate(t, { levels: [level("single", [approver.userId])] });
    const o2 = await submitOrder(t.requester.actor, { templateId: tpl, title: "Muted", values: { Host: "host1" } });
    await settle();
    await muteOrder(approver.actor, { orderId: o2.id, muted: true });
    await urgeOrder(t.requester.actor, { orderId: o2.id });
    await settle();
    expect(await deliveries(t, { event: "approval/urged", orderId: o2.id })).toEqual([]);
    expect((await deliveries(t, { event: "approval/requested", orderId: o2.id })).length).toBe(2);
    await muteOrder(approver.actor, { orderId: o2.id, muted: false });
    await expect(
      muteOrder(approver.actor, { orderId: "00000000-0000-4000-8000-000000000000", muted: true }),
    ).rejects.toThrow("That order was not found.");
  });

  test("the approver is emailed the approve/reject links even with the Email channel off or limited to other events", async () => {
    const t = await workOrderTenant(1);
    const approver = t.approvers[0]!;
    const email = (await withTenant(t.owner.actor, (tx) => listChannels(tx))).find((c) => c.kind === "email")!;
    const mailsTo = (to: string) =>
      withTenant(t.owner.actor, (tx) => tx.select().from(mailOutbox).where(eq(mailOutbox.to, to)));
    const emailed = async (orderId: string, event: string) =>
      (await deliveries(t, { event, orderId })).filter((d) => d.channelKind === "email");

    // Limited to "approved": the approval request is emailed all the same, the reminder is not.
    await saveChannel(
      t.owner.actor,
      channel({ id: email.id, name: email.name, kind: "email", events: ["work-order/approved"] }),
    );
    const first = await approvedOrder(t);
    expect((await emailed(first.id, "approval/requested")).map((d) => d.status)).toEqual(["sent"]);
    expect((await emailed(first.id, "work-order/approved")).map((d) => d.status)).toEqual(["sent"]);

    // Switched off: still the approval request (with its links), nothing else.
    await saveChannel(
      t.owner.actor,
      channel({ id: email.id, name: email.name, kind: "email", enabled: false, events: ["work-order/approved"] }),
    );
    const tpl = await makeTemplate(t, { levels: [level("single", [approver.userId])] });
    const pending = await submitOrder(t.requester.actor, {
      templateId: tpl,
      title: "Quiet",
      values: { Host: "host1" },
    });
    await settle();
    await urgeOrder(t.requester.actor, { orderId: pending.id });
    await settle();
    expect((await emailed(pending.id, "approval/requested")).map((d) => d.status)).toEqual(["sent"]);
    expect(await emailed(pending.id, "approval/urged")).toEqual([]);
    const request = (await mailsTo(approver.email)).filter((m) => m.subject.includes("Quiet"));
    expect(request).toHaveLength(1);
    expect(request[0]?.subject).toContain("Approval needed");
    expect(request[0]?.text).toMatch(/Approve: \S+\/approve\/\S+/);
    expect(request[0]?.text).toMatch(/Reject: +\S+\/approve\/\S+/);

    const second = await approvedOrder(t);
    expect((await emailed(second.id, "approval/requested")).map((d) => d.status)).toEqual(["sent"]);
    expect(await emailed(second.id, "work-order/approved")).toEqual([]);
    expect((await mailsTo(t.requester.email)).filter((m) => m.subject.includes("Approved:"))).toHaveLength(1);
  });

  test("a finished execution reaches the requester and the executor, saying how it ended", async () => {
    const t = await workOrderTenant(0);
    const tpl = await makeTemplate(t, { template: { command: "exit 3" } });
    const order = await submitOrder(t.requester.actor, {
      templateId: tpl,
      title: "Break it",
      values: { Host: "host1" },
    });
    await startExecution(t.owner.actor, { orderId: order.id });
    await settle();
    const done = (await deliveries(t, { event: "work-order/execution.finished", orderId: order.id })).filter(
      (d) => d.channelKind === "in_app",
    );
    expect(done.map((d) => d.recipientId).sort()).toEqual([t.owner.userId, t.requester.userId].sort());
    expect(done.every((d) => d.status === "sent" && d.subject.includes("Execution failed: #"))).toBe(true);
  });

  test("a tenant's template words the next message; unknown variables are refused and named", async () => {
    const t = await workOrderTenant(1);
    await expect(
      saveNotificationTemplate(t.owner.actor, {
        event: "work-order/approved",
        format: "in_app",
        subject: "Done: ${orderTitle}",
        body: "Hi ${userName} ${ordrTitle} ${oops}",
      }),
    ).rejects.toThrow("Unknown variables: ${ordrTitle}, ${oops}.");
    await expect(
      saveNotificationTemplate(t.requester.actor, {
        event: "work-order/approved",
        format: "in_app",
        subject: "x",
        body: "y",
      }),
    ).rejects.toThrow("You need the “Manage notifications” permission");
    await saveNotificationTemplate(t.owner.actor, {
      event: "work-order/approved",
      format: "in_app",
      subject: "Go for ${orderTitle}",
      body: "${userName}: #${orderNumber} approved by ${actorName} in ${environment}",
    });
    const order = await approvedOrder(t);
    const [inApp] = (await deliveries(t, { event: "work-order/approved", orderId: order.id })).filter(
      (d) => d.channelKind === "in_app",
    );
    expect(inApp?.subject).toBe("Go for Ship api");
    expect(inApp?.body).toMatch(/^requester \S+: #\d+ approved by approver0 \S+ in PROD$/);
    await resetNotificationTemplate(t.owner.actor, { event: "work-order/approved", format: "in_app" });
  });

  test("a Slack override words the Slack channel's message; DingTalk keeps the shared IM text; removing it falls back", async () => {
    const t = await workOrderTenant(1);
    const approver = t.approvers[0]!;
    const slackHook = await hookServer([200]);
    const dingHook = await hookServer([200], '{"errcode":0,"errmsg":"ok"}');
    try {
      const slack = await saveChannel(
        t.owner.actor,
        channel({ name: "Slack ops", kind: "slack", events: ["work-order/approved"], url: slackHook.url }),
      );
      const ding = await saveChannel(
        t.owner.actor,
        channel({ name: "DingTalk ops", kind: "dingtalk", events: ["work-order/approved"], url: dingHook.url }),
      );
      const approve = async (title: string) => {
        const tpl = await makeTemplate(t, { levels: [level("single", [approver.userId])] });
        const order = await submitOrder(t.requester.actor, { templateId: tpl, title, values: { Host: "host2" } });
        await settle();
        await approveOrder(approver.actor, { orderId: order.id, comment: "" });
        await settle();
        const rows = await deliveries(t, { event: "work-order/approved", orderId: order.id });
        const of = (id: string) => rows.find((d) => d.channelId === id)!;
        return { slack: of(slack.id), ding: of(ding.id), rows };
      };
      const lastText = () => ({
        slack: JSON.parse(slackHook.received.at(-1)!.body).text as string,
        ding: JSON.parse(dingHook.received.at(-1)!.body).markdown.text as string,
      });

      // The shared IM text, for every IM kind; then Slack's own, in Slack's markup.
      await saveNotificationTemplate(t.owner.actor, {
        event: "work-order/approved",
        format: "im",
        subject: "IM: ${orderTitle}",
        body: "Shared text for ${userName}",
      });
      await expect(
        saveNotificationTemplate(t.owner.actor, {
          event: "work-order/approved",
          format: "slack",
          subject: "Slack: ${orderTitle}",
          body: "${ordrTitle}",
        }),
      ).rejects.toThrow("Unknown variable: ${ordrTitle}.");
      await saveNotificationTemplate(t.owner.actor, {
        event: "work-order/approved",
        format: "slack",
        subject: "Slack: ${orderTitle}",
        body: "*Approved* by ${actorName}, <${link}|see it>",
      });

      const first = await approve("Ship *api* <!channel>");
      expect([first.slack.status, first.ding.status]).toEqual(["sent", "sent"]);
      // What members wrote stays escaped per kind, whichever template words it.
      expect(first.slack.subject).toBe("Slack: Ship *api* &lt;!channel&gt;");
      expect(first.slack.body).toMatch(/^\*Approved\* by approver0 \S+, <http\S+\/work-orders\/\S+\|see it>$/);
      expect(first.ding.subject).toBe("IM: Ship \\*api\\* &lt;!channel&gt;");
      expect(first.ding.body).toMatch(/^Shared text for requester \S+$/);
      expect(lastText().slack).toContain("*Slack: Ship *api* &lt;!channel&gt;*\n*Approved* by approver0");
      expect(lastText().ding).toContain("### IM: Ship \\*api\\* &lt;!channel&gt;");
      expect(lastText().ding).not.toContain("Slack:");
      // Email and in-app keep their own (built-in) wording.
      const builtIn = first.rows.filter((d) => d.channelKind === "email" || d.channelKind === "in_app");
      expect(builtIn.map((d) => d.channelKind).sort()).toEqual(["email", "in_app"]);
      expect(builtIn.map((d) => d.subject)).toEqual([
        expect.stringMatching(/\] Approved: #\d+ Ship \*api\* <!channel>$/),
        expect.stringMatching(/\] Approved: #\d+ Ship \*api\* <!channel>$/),
      ]);
      // "Send test" on the Slack channel is worded as Slack gets it.
      await testChannel(t.owner.actor, { id: slack.id });
      expect(lastText().slack).toMatch(/^\*\[Test\] Slack: Deploy billing to prod\*/);

      // Without the override, Slack falls back to the shared IM text; without that, to the built-in.
      await resetNotificationTemplate(t.owner.actor, { event: "work-order/approved", format: "slack" });
      const second = await approve("Ship web");
      expect(second.slack.subject).toBe("IM: Ship web");
      expect(second.slack.body).toMatch(/^Shared text for requester \S+$/);
      expect(second.ding.subject).toBe("IM: Ship web");
      await resetNotificationTemplate(t.owner.actor, { event: "work-order/approved", format: "im" });
      const third = await approve("Ship db");
      for (const d of [third.slack, third.ding]) {
        expect(d.subject).toMatch(/\] Approved: #\d+ Ship db$/);
        expect(d.body).toMatch(/^Hello requester \S+, #\d+ Ship db was approved and can be executed\.$/);
      }
    } finally {
      await slackHook.close();
      await dingHook.close();
    }
  });

  test("a rejection tells the requester, by email and in-app, who rejected and why; the approvers hear nothing of it", async () => {
    const t = await workOrderTenant(2);
    const [rejecter, other] = t.approvers as [WoTenant["requester"], WoTenant["requester"]];
    const order = await pendingOrder(t);
    await rejectOrder(rejecter.actor, { orderId: order.id, reason: "Change freeze until Monday" });
    await settle();

    const { rows, by } = await sentTo(t, "work-order/rejected", order.id);
    expect(rows.every((d) => d.status === "sent")).toBe(true);
    expect([...by]).toEqual([[t.requester.userId, ["email", "in_app"]]]);

    const [mail, ...more] = (await mailbox(t, t.requester.email)).filter((m) => m.subject.includes("Rejected:"));
    expect(more).toEqual([]);
    expect(mail?.subject).toContain(`Rejected: #${order.number} Ship web`);
    expect(mail?.text).toMatch(/was rejected by approver0 \S+: Change freeze until Monday/);
    expect(mail?.html).toContain("Change freeze until Monday");
    expect(mail?.text).toContain(`/work-orders/${order.id}`);
    const [item] = await inboxOf(t.requester);
    expect(item?.title).toContain(`Rejected: #${order.number} Ship web`);
    expect(item?.body).toMatch(/rejected by approver0 \S+: Change freeze until Monday$/);

    // The approver who rejected, and the one whose task it cancelled, got nothing about it.
    for (const a of [rejecter, other]) {
      expect((await mailbox(t, a.email)).map((m) => m.subject)).toEqual([expect.stringContaining("Approval needed")]);
      expect((await inboxOf(a)).map((n) => n.title)).toEqual([expect.stringContaining("Approval needed")]);
    }
  });

  test("a level that times out expires the order and tells the requester so, by email and in-app", async () => {
    const t = await workOrderTenant(1);
    const approver = t.approvers[0]!;
    const tpl = await makeTemplate(t, { levels: [level("single", [approver.userId], { timeoutHours: 2 })] });
    const order = await submitOrder(t.requester.actor, {
      templateId: tpl,
      title: "Too late",
      values: { Host: "host1" },
    });
    await settle();
    expect(await deliveries(t, { event: "work-order/expired" })).toEqual([]);
    await app.settle(3 * 60 * 60_000); // past the level's 2 h
    expect((await withTenant(t.owner.actor, (tx) => getOrder(tx, order.id)))?.order.status).toBe("expired");

    const { rows, by } = await sentTo(t, "work-order/expired", order.id);
    expect(rows.every((d) => d.status === "sent")).toBe(true);
    expect([...by]).toEqual([[t.requester.userId, ["email", "in_app"]]]);
    const expired = (await mailbox(t, t.requester.email)).filter((m) => m.subject.includes("Expired:"));
    expect(expired).toHaveLength(1);
    expect(expired[0]?.subject).toContain(`Expired: #${order.number} Too late`);
    expect(expired[0]?.text).toContain(`#${order.number} Too late expired: no decision came in time.`);
    const [item] = await inboxOf(t.requester);
    expect(item?.title).toContain(`Expired: #${order.number} Too late`);
    expect(item?.body).toContain("expired: no decision came in time");
    // The approver who let it lapse hears only of the request.
    expect((await inboxOf(approver)).map((n) => n.title)).toEqual([expect.stringContaining("Approval needed")]);
  });

  test("a cc level tells each of its members and does not wait for them: the order goes on to the next level", async () => {
    const t = await workOrderTenant(3);
    const [decider, cc1, cc2] = t.approvers as [WoTenant["requester"], WoTenant["requester"], WoTenant["requester"]];
    const tpl = await makeTemplate(t, {
      levels: [level("cc", [cc1.userId, cc2.userId]), level("single", [decider.userId])],
    });
    const order = await submitOrder(t.requester.actor, {
      templateId: tpl,
      title: "Copy me",
      values: { Host: "host1" },
    });
    await settle();

    const { rows, by } = await sentTo(t, "approval/cc", order.id);
    expect(rows.every((d) => d.status === "sent")).toBe(true);
    expect(by).toEqual(
      new Map([
        [cc1.userId, ["email", "in_app"]],
        [cc2.userId, ["email", "in_app"]],
      ]),
    );
    for (const cc of [cc1, cc2]) {
      const mails = await mailbox(t, cc.email);
      expect(mails.map((m) => m.subject)).toEqual([
        expect.stringContaining(`For your information: #${order.number} Copy me`),
      ]);
      expect(mails[0]?.text).toMatch(/you are copied on #\d+ Copy me .*requested by requester \S+\./);
      // Nothing to decide: no approve/reject links, and the in-app item says what it is.
      expect(mails[0]?.text).not.toContain("/approve/");
      expect((await inboxOf(cc)).map((n) => n.title)).toEqual([expect.stringContaining("For your information")]);
    }

    // It did not wait for them: the next level's approver was asked straight away, and decides alone.
    const pending = await withTenant(t.owner.actor, (tx) => getOrder(tx, order.id));
    expect(pending?.order).toMatchObject({ status: "pending", currentLevel: 1 });
    expect((await sentTo(t, "approval/requested", order.id)).by).toEqual(
      new Map([[decider.userId, ["email", "in_app"]]]),
    );
    await expect(approveOrder(cc1.actor, { orderId: order.id })).rejects.toThrow(
      "You are not an approver of this order's current level.",
    );
    expect(await approveOrder(decider.actor, { orderId: order.id })).toMatchObject({ status: "approved" });
  });
});

describe("channels", () => {
  test("stored channel secrets are ciphertext; the listing says only whether one is set", async () => {
    const t = await workOrderTenant(0);
    const url = "https://oapi.dingtalk.com/robot/send?access_token=tok-abcdef123456";
    const ch = await saveChannel(
      t.owner.actor,
      channel({
        name: "DingTalk ops",
        kind: "dingtalk",
        url,
        signingSecret: "SECabcdef-sign",
      }),
    );
    const { db } = await database();
    const raw = await db.execute(
      `select secret, row_to_json(c)::text as whole from notification_channels c where id = '${ch.id}'`,
    );
    const row = rowsOf<{ secret: string; whole: string }>(raw)[0] as { secret: string; whole: string };
    expect(row.secret).toMatch(/^v1:/);
    for (const plain of ["tok-abcdef123456", "SECabcdef-sign", "dingtalk.com"]) expect(row.whole).not.toContain(plain);

    const listed = await withTenant(t.owner.actor, (tx) => listChannels(tx));
    expect(listed.map((c) => c.kind).sort()).toEqual(["dingtalk", "email", "in_app"]);
    expect(JSON.stringify(listed)).not.toContain("v1:");
    expect(listed.find((c) => c.id === ch.id)?.secretSet).toBe(true);

    // Editing with an empty URL keeps it; the kind cannot change; names are unique.
    await saveChannel(
      t.owner.actor,
      channel({
        id: ch.id,
        name: "DingTalk",
        kind: "dingtalk",
        enabled: false,
      }),
    );
    const [kept] = await db.select().from(notificationChannels).where(eq(notificationChannels.id, ch.id));
    expect(kept?.secret).not.toBe(row.secret);
    await expect(
      saveChannel(
        t.owner.actor,
        channel({
          id: ch.id,
          name: "DingTalk",
          kind: "slack",
        }),
      ),
    ).rejects.toThrow("A channel's kind cannot change");
    await expect(
      saveChannel(
        t.owner.actor,
        channel({
          name: "dingtalk",
          kind: "webhook",
          url: "https://x.test/h",
        }),
      ),
    ).rejects.toThrow('There is already a channel named "dingtalk".');
    await expect(
      saveChannel(
        t.owner.actor,
        channel({
          name: "New hook",
          kind: "webhook",
        }),
      ),
    ).rejects.toThrow("The webhook URL is required.");
    await expect(
      saveChannel(
        t.owner.actor,
        channel({
          name: "Mail 2",
          kind: "email",
        }),
      ),
    ).rejects.toThrow("built in");
    const email = listed.find((c) => c.kind === "email")!;
    await expect(deleteChannel(t.owner.actor, { id: email.id })).rejects.toThrow("is built in: disable it instead.");
  });

  test("send test reports what the channel answered", async () => {
    const t = await workOrderTenant(0);
    const hook = await hookServer([200]);
    const wecomHook = await hookServer([200], '{"errcode":93000,"errmsg":"invalid webhook url"}');
    try {
      const slack = await saveChannel(
        t.owner.actor,
        channel({
          name: "Slack",
          kind: "slack",
          url: hook.url,
        }),
      );
      expect(await testChannel(t.owner.actor, { id: slack.id })).toMatchObject({
        message: "The channel accepted the test message.",
      });
      expect(JSON.parse(hook.received[0]!.body).text).toContain("[Test]");
      await hook.close();
      await expect(testChannel(t.owner.actor, { id: slack.id })).rejects.toThrow(
        /^The test failed: could not reach the channel/,
      );
      // WeCom (like DingTalk and Feishu) answers 200 with an error code when it refuses a message.
      const wecom = await saveChannel(
        t.owner.actor,
        channel({
          name: "WeCom",
          kind: "wecom",
          url: `${wecomHook.url}?key=bad`,
        }),
      );
      await expect(testChannel(t.owner.actor, { id: wecom.id })).rejects.toThrow(
        "The test failed: the channel refused the message (93000): invalid webhook url",
      );
      expect(JSON.parse(wecomHook.received[0]!.body)).toMatchObject({ msgtype: "markdown" });
      await expect(testChannel(t.requester.actor, { id: wecom.id })).rejects.toThrow(
        "You need the “Manage notifications” permission",
      );
    } finally {
      await wecomHook.close();
    }
  });

  test("send test on Email and In-app reaches only the admin who clicked it", async () => {
    const t = await workOrderTenant(0);
    const admin = await makeMember(t.owner.actor, "ADMIN", "admin");
    const builtIn = await withTenant(t.owner.actor, (tx) => listChannels(tx));
    const email = builtIn.find((c) => c.kind === "email")!;
    const inApp = builtIn.find((c) => c.kind === "in_app")!;
    const everyMail = () => withTenant(t.owner.actor, (tx) => tx.select().from(mailOutbox));
    const before = (await everyMail()).length;

    expect(await testChannel(admin.actor, { id: email.id })).toMatchObject({
      message: `A test email went to ${admin.email}.`,
    });
    const sent = (await everyMail()).slice(before);
    expect(sent.map((m) => m.to)).toEqual([admin.email]);
    expect(sent[0]?.subject).toMatch(/^\[Test\] /);
    expect(sent[0]?.text).toContain(`This is a test of the "${email.name}" channel.`);
    expect(sent[0]?.text).toContain("Hello admin ");

    expect(await testChannel(admin.actor, { id: inApp.id })).toMatchObject({
      message: "A test notification is in your inbox.",
    });
    const [item, ...rest] = await withTenant(admin.actor, (tx) => listInbox(tx, admin.userId));
    expect(rest).toEqual([]);
    expect(item?.title).toMatch(/^\[Test\] /);
    expect(item?.body).toContain(`This is a test of the "${inApp.name}" channel.`);
    expect(item?.body).toContain("Hello admin ");
    // Nobody else got anything, and a test is not a delivery in the log.
    for (const other of [t.owner, t.requester]) {
      expect(await withTenant(other.actor, (tx) => listInbox(tx, other.userId))).toEqual([]);
    }
    expect((await everyMail()).slice(before)).toHaveLength(1);
    expect(await withTenant(t.owner.actor, (tx) => listDeliveries(tx, {}))).toEqual([]);
  });
});

describe("tenant isolation", () => {
  test("another tenant's admin cannot see, test, edit, retry or read anything of ours", async () => {
    const a = await workOrderTenant(1);
    const b = await workOrderTenant(0);
    const hook = await hookServer([500]);
    try {
      const ch = await saveChannel(
        a.owner.actor,
        channel({
          name: "A hook",
          kind: "webhook",
          events: ["work-order/approved"],
          url: hook.url,
        }),
      );
      await approvedOrder(a);
      const failed = (await deliveries(a)).find((d) => d.channelId === ch.id)!;
      expect(failed.status).toBe("failed");
      const mine = await withTenant(a.requester.actor, (tx) => listInbox(tx, a.requester.userId));
      expect(mine.length).toBeGreaterThan(0);

      expect(await withTenant(b.owner.actor, (tx) => listDeliveries(tx, {}))).toEqual([]);
      expect((await withTenant(b.owner.actor, (tx) => listChannels(tx))).map((c) => c.id)).not.toContain(ch.id);
      await expect(retryDelivery(b.owner.actor, { id: failed.id })).rejects.toThrow("That delivery was not found.");
      await expect(testChannel(b.owner.actor, { id: ch.id })).rejects.toThrow("That channel was not found.");
      await expect(
        saveChannel(
          b.owner.actor,
          channel({
            id: ch.id,
            name: "mine now",
            kind: "webhook",
          }),
        ),
      ).rejects.toThrow("That channel was not found.");
      await expect(deleteChannel(b.owner.actor, { id: ch.id })).rejects.toThrow("That channel was not found.");
      // B's owner marking A's notification read (by id, or "all") changes nothing of A's.
      expect(await markRead(b.owner.actor, { id: mine[0]!.id })).toBe(0);
      await markRead(b.owner.actor, {});
      expect(await withTenant(a.requester.actor, (tx) => unreadCount(tx, a.requester.userId))).toBe(mine.length);
      // Within the tenant too, one member cannot mark another's notification read.
      expect(await markRead(a.owner.actor, { id: mine[0]!.id })).toBe(0);
      expect(await markRead(a.requester.actor, {})).toBe(mine.length);
    } finally {
      await hook.close();
    }
  });
});
