// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${var} is the notification templates' placeholder syntax.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { database } from "@/db/client";
import { listInbox } from "@/db/queries/notifications";
import { mailOutbox, notificationDeliveries, notificationTemplates, tenants, users } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { urgeOrder } from "@/lib/approvals/urge-order";
import { saveChannel } from "@/lib/notifications/save-channel";
import { saveNotificationTemplate } from "@/lib/notifications/save-template";
import { updateTenant } from "@/lib/tenants/update-tenant";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";
import { appExecutor } from "../inngest/app-executor";

// One event, recipients of two languages: each reads it in their own (users.locale, else the
// tenant's default language); a team channel reads the tenant's default language; an admin's
// template version in one language reaches only the readers of that language.
const app = appExecutor();
const settle = () => app.settle(120_000);
beforeAll(app.start);
afterAll(app.stop);

async function setLocale(userId: string, locale: string | null) {
  const { db } = await database();
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}

async function hook() {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push(body);
      res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** An order waiting on a countersign of every approver, urged by its requester (one event to all). */
async function urged(t: WoTenant) {
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
  await urgeOrder(t.requester.actor, { orderId: order.id });
  await settle();
  const rows = await withTenant(t.owner.actor, (tx) =>
    tx
      .select()
      .from(notificationDeliveries)
      .where(and(eq(notificationDeliveries.event, "approval/urged"), eq(notificationDeliveries.orderId, order.id))),
  );
  return { order, rows };
}

const mailTo = (t: WoTenant, email: string) =>
  withTenant(t.owner.actor, (tx) => tx.select().from(mailOutbox).where(eq(mailOutbox.to, email)));

describe("notifications in the recipient's language", () => {
  test("a zh-CN member and an en member each read the same event in their own language; the channel in the tenant's", async () => {
    const t = await workOrderTenant(3);
    const [zh, en, unset] = t.approvers as [
      WoTenant["approvers"][number],
      WoTenant["approvers"][number],
      WoTenant["approvers"][number],
    ];
    await setLocale(zh.userId, "zh-CN");
    await setLocale(en.userId, "en");
    await setLocale(unset.userId, null);
    const [tenant] = await withTenant(t.owner.actor, (tx) => tx.select().from(tenants));
    await updateTenant(t.owner.actor, { name: tenant!.name, timeZone: tenant!.timeZone, defaultLocale: "zh-CN" });
    const receiver = await hook();
    try {
      await saveChannel(t.owner.actor, {
        name: "Team hook",
        kind: "webhook",
        enabled: true,
        events: ["approval/urged"],
        url: receiver.url,
        signingSecret: "",
        clearSigningSecret: false,
      });
      const { rows } = await urged(t);
      const of = (userId: string, kind: string) =>
        rows.find((r) => r.recipientId === userId && r.channelKind === kind)!;
      expect(rows.every((r) => r.status === "sent")).toBe(true);

      // In-app: the Chinese reader's inbox is Chinese, the English reader's English.
      const [zhInbox] = await withTenant(zh.actor, (tx) => listInbox(tx, zh.userId));
      const [enInbox] = await withTenant(en.actor, (tx) => listInbox(tx, en.userId));
      expect(zhInbox?.title).toContain("催办");
      expect(zhInbox?.title).toContain("Ship web");
      expect(zhInbox?.body).toContain("正在等待你审批");
      expect(enInbox?.title).toContain("Reminder, waiting for you");
      expect(enInbox?.body).not.toMatch(/[\u4e00-\u9fff]/);

      // Email: the subject and the button, in each reader's language.
      const zhMail = (await mailTo(t, zh.email)).find((m) => m.subject.includes("催办"));
      const enMail = (await mailTo(t, en.email)).find((m) => m.subject.includes("Reminder"));
      expect(zhMail?.subject).toContain("#");
      expect(zhMail?.html).toContain("在 Opsdesk 中打开");
      expect(zhMail?.text).toContain("打开：");
      expect(enMail?.html).toContain("Open in Opsdesk");
      expect((await mailTo(t, en.email)).some((m) => m.subject.includes("催办"))).toBe(false);

      // No language of their own: the tenant's default (here 简体中文).
      expect(of(unset.userId, "email").subject).toContain("催办");
      expect(of(unset.userId, "email").locale).toBe("zh-CN");
      expect(of(en.userId, "email").locale).toBe("en");

      // The team channel reads the tenant's default language, whoever the message is about.
      const hooked = rows.filter((r) => r.channelKind === "webhook");
      expect(hooked).toHaveLength(3);
      expect(hooked.every((r) => r.locale === "zh-CN" && r.subject.includes("催办"))).toBe(true);
      expect(receiver.received).toHaveLength(3);
      for (const body of receiver.received) expect(JSON.parse(body)).toMatchObject({ locale: "zh-CN" });
      for (const body of receiver.received) expect(JSON.parse(body).subject).toContain("催办");
    } finally {
      await receiver.close();
    }
  });

  test("a template's zh-CN version reaches the zh-CN reader; the en reader falls back to the default version, then the built-in wording", async () => {
    const t = await workOrderTenant(2);
    const [zh, en] = t.approvers as [WoTenant["approvers"][number], WoTenant["approvers"][number]];
    await setLocale(zh.userId, "zh-CN");
    await setLocale(en.userId, "en");
    await saveNotificationTemplate(t.owner.actor, {
      event: "approval/urged",
      format: "in_app",
      locale: "zh-CN",
      subject: "请尽快处理 #${orderNumber}",
      body: "${requesterName} 在等你",
    });
    await saveNotificationTemplate(t.owner.actor, {
      event: "approval/urged",
      format: "email",
      locale: "zh-CN",
      subject: "邮件催办 #${orderNumber}",
      body: "${requesterName} 在等你：${link}",
    });
    const first = await urged(t);
    const of = (rows: typeof first.rows, userId: string, kind: string) =>
      rows.find((r) => r.recipientId === userId && r.channelKind === kind)!;
    expect(of(first.rows, zh.userId, "in_app").subject).toBe(`请尽快处理 #${first.order.number}`);
    expect(of(first.rows, zh.userId, "email").subject).toBe(`邮件催办 #${first.order.number}`);
    // No English version and no default version: the built-in English wording.
    expect(of(first.rows, en.userId, "in_app").subject).toContain("Reminder, waiting for you");
    expect(of(first.rows, en.userId, "email").subject).toContain("Reminder, waiting for you");

    // A default version (no language) now words it for the English reader; the zh-CN one keeps its own.
    await saveNotificationTemplate(t.owner.actor, {
      event: "approval/urged",
      format: "in_app",
      subject: "Nudge #${orderNumber}",
      body: "${requesterName} waits",
    });
    // Saving the default version again updates it (one row per language, the default included).
    await saveNotificationTemplate(t.owner.actor, {
      event: "approval/urged",
      format: "in_app",
      subject: "Please decide #${orderNumber}",
      body: "${requesterName} waits",
    });
    const second = await urged(t);
    expect(of(second.rows, en.userId, "in_app").subject).toBe(`Please decide #${second.order.number}`);
    expect(of(second.rows, zh.userId, "in_app").subject).toBe(`请尽快处理 #${second.order.number}`);
    const versions = await withTenant(t.owner.actor, (tx) =>
      tx
        .select({ locale: notificationTemplates.locale, subject: notificationTemplates.subject })
        .from(notificationTemplates)
        .where(eq(notificationTemplates.format, "in_app")),
    );
    expect(versions.map((v) => v.locale ?? "default").sort()).toEqual(["default", "zh-CN"]);
  });

  test("an approver with no language of their own gets the approval email, links and all, in the tenant's default language", async () => {
    const t = await workOrderTenant(1);
    const approver = t.approvers[0]!;
    await setLocale(approver.userId, null);
    const [tenant] = await withTenant(t.owner.actor, (tx) => tx.select().from(tenants));
    await updateTenant(t.owner.actor, { name: tenant!.name, timeZone: tenant!.timeZone, defaultLocale: "zh-CN" });
    const tpl = await makeTemplate(t, { levels: [level("single", [approver.userId])] });
    await submitOrder(t.requester.actor, { templateId: tpl, title: "Ship db", values: { Host: "host1" } });
    await settle();
    const mail = (await mailTo(t, approver.email)).find((m) => m.subject.includes("Ship db"));
    expect(mail?.subject).toContain("待你审批");
    expect(mail?.html).toContain("批准");
    expect(mail?.html).toContain("拒绝");
  });
});
