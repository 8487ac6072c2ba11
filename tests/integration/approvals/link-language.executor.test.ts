import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { database } from "@/db/client";
import { mailOutbox, users } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { linkRecipientLocale } from "@/lib/approvals/link-locale";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";
import { appExecutor } from "../inngest/app-executor";

const app = appExecutor();
beforeAll(app.start);
afterAll(app.stop);

async function latestMail(t: WoTenant, to: string) {
  const [mail] = await withTenant(t.owner.actor, (tx) =>
    tx.select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(desc(mailOutbox.createdAt)).limit(1),
  );
  if (!mail) throw new Error(`no mail to ${to}`);
  return mail;
}

describe("approval emails in the recipient's language", () => {
  test("two approvers of one order: the zh-CN one gets Chinese mail, the other English", async () => {
    const t = await workOrderTenant(2);
    const [zh, en] = [t.approvers[0]!, t.approvers[1]!];
    const { db } = await database();
    await db.update(users).set({ locale: "zh-CN" }).where(eq(users.id, zh.userId));
    const tpl = await makeTemplate(t, { levels: [level("countersign", [zh.userId, en.userId])] });
    await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    await app.settle();
    const [zhMail, enMail] = [await latestMail(t, zh.email), await latestMail(t, en.email)];
    expect(zhMail.text).toContain("链接仅供您本人使用");
    expect(zhMail.text).toContain("批准: ");
    expect(zhMail.html).toContain(">拒绝</a>");
    expect(zhMail.text).not.toContain("Approve:");
    expect(enMail.text).toContain("The links are for you only");
    expect(enMail.text).toContain("Approve: ");
    expect(enMail.text).not.toContain("批准");
  });

  test("the emailed link's page speaks its approver's language, whatever the reader's", async () => {
    const t = await workOrderTenant(2);
    const [zh, en] = [t.approvers[0]!, t.approvers[1]!];
    const { db } = await database();
    await db.update(users).set({ locale: "zh-CN" }).where(eq(users.id, zh.userId));
    const tpl = await makeTemplate(t, { levels: [level("countersign", [zh.userId, en.userId])] });
    await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    await app.settle();
    const token = async (email: string) => /\/approve\/(\S+)/.exec((await latestMail(t, email)).text)?.[1] as string;
    expect(await linkRecipientLocale(`/approve/${await token(zh.email)}`)).toBe("zh-CN");
    // No language set: the reader's own applies (null here).
    expect(await linkRecipientLocale(`/approve/${await token(en.email)}`)).toBeNull();
    // Not the link page, or not a link: nothing to say.
    expect(await linkRecipientLocale(`/t/x/approve/${await token(zh.email)}`)).toBeNull();
    expect(await linkRecipientLocale("/approve/garbage")).toBeNull();
    expect(await linkRecipientLocale(null)).toBeNull();
  });
});
