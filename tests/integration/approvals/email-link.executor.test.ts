import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getOrder } from "@/db/queries/work-orders";
import { approvalLinks, approvalTasks, auditLog, mailOutbox } from "@/db/schema";
import { withTenant, withUser } from "@/db/tenant";
import { loadApprovalLink } from "@/lib/approvals/approval-links";
import { decideByLink } from "@/lib/approvals/decide-by-link";
import { approveOrder } from "@/lib/approvals/decide-order";
import { transferApproval } from "@/lib/approvals/transfer-approval";
import { withdrawOrder } from "@/lib/approvals/withdraw-order";
import { updateTenant } from "@/lib/tenants/update-tenant";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { rowsOf } from "../../support/rows";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../../support/work-orders";
import { appExecutor } from "../inngest/app-executor";

// The real "approval/requested" → email function, run by the embedded executor; no SMTP_URL in
// tests, so mail lands in the outbox table.
const app = appExecutor();
beforeAll(app.start);
afterAll(app.stop);

const HOUR = 3_600_000;
/** The factory names people "<label> <tag>" and mails them at "<label>-<tag>@…". */
const nameOf = (email: string) => (email.split("@")[0] as string).replace(/-([^-]+)$/, " $1");

/** A one-level order awaiting `approver` (default: the first approver); the email's links. */
async function orderAwaiting(
  t: WoTenant,
  opts: {
    title?: string;
    fourEyes?: boolean;
    template?: NonNullable<Parameters<typeof makeTemplate>[1]>["template"];
  } = {},
) {
  const a = t.approvers[0]!;
  const tpl = await makeTemplate(t, {
    levels: [level("single", [a.userId])],
    template: { fourEyes: opts.fourEyes ?? false, ...opts.template },
  });
  const o = await submitOrder(t.requester.actor, {
    templateId: tpl,
    title: opts.title ?? "",
    values: { Host: "host1" },
  });
  await app.settle();
  const mail = await latestMail(t, a.email);
  const approve = /Approve: \S+\/approve\/(\S+)/.exec(mail.text)?.[1] as string;
  const reject = /Reject: +\S+\/approve\/(\S+)/.exec(mail.text)?.[1] as string;
  return { order: o, mail, approve, reject, approver: a };
}

async function latestMail(t: WoTenant, to: string) {
  const [mail] = await withTenant(t.owner.actor, (tx) =>
    tx.select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(desc(mailOutbox.createdAt)).limit(1),
  );
  if (!mail) throw new Error(`no mail to ${to}`);
  return mail;
}

const detail = (t: WoTenant, id: string) => withTenant(t.owner.actor, (tx) => getOrder(tx, id));
const links = (t: WoTenant, orderId: string) =>
  withTenant(t.owner.actor, (tx) => tx.select().from(approvalLinks).where(eq(approvalLinks.orderId, orderId)));

describe("approve from an emailed link", () => {
  test("the email shows the exact command with internal values masked, never the values", async () => {
    const t = await workOrderTenant(1);
    const { mail } = await orderAwaiting(t, {
      template: {
        command: 'deploy --host "{Host}" --token "{DeployToken}"',
        internalVariables: { DeployToken: "tok-9f8e7d6c" },
      },
    });
    for (const body of [mail.text, mail.html]) {
      expect(body).toContain("--token");
      expect(body).toContain("••••••");
      expect(body).not.toContain("tok-9f8e7d6c");
    }
    expect(mail.text).toContain('deploy --host "host1" --token "••••••"');
  });

  test("the approver's email names the order and carries two links stored only as hashes", async () => {
    const t = await workOrderTenant(1);
    const { order, mail, approve, reject, approver } = await orderAwaiting(t, { title: "Ship <b>web</b> & co" });
    expect(mail).toMatchObject({ to: approver.email, transport: "outbox" });
    expect(mail.subject).toContain("Approval needed");
    for (const part of [nameOf(t.requester.email), "PROD", 'echo "deploying host1"', "Host: host1"]) {
      expect(mail.text).toContain(part);
    }
    expect(mail.html).toContain("Ship &lt;b&gt;web&lt;/b&gt; &amp; co");
    expect(mail.html).not.toContain("<b>web</b>");
    expect(mail.html).toContain(`/approve/${approve}`);
    expect(approve).toMatch(new RegExp(`^${t.owner.tenant.id}\\.[A-Za-z0-9_-]{43}$`));

    const rows = await links(t, order.id);
    expect(rows.map((r) => r.action).sort()).toEqual(["approve", "reject"]);
    const secrets = [approve, reject].map((tok) => tok.split(".")[1] as string);
    for (const row of rows) {
      expect(JSON.stringify(row)).not.toContain(secrets[0]);
      expect(JSON.stringify(row)).not.toContain(secrets[1]);
      expect(row.approverId).toBe(approver.userId);
      expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(71.9 * HOUR);
    }
    const hashes = secrets.map((s) => createHash("sha256").update(s).digest("hex"));
    expect(rows.map((r) => r.tokenHash).sort()).toEqual(hashes.sort());
  });

  test("opening the link (GET) changes nothing; confirming approves via email, once", async () => {
    const t = await workOrderTenant(1);
    const { order, approve, reject, approver } = await orderAwaiting(t);
    for (let i = 0; i < 3; i++) {
      const view = await loadApprovalLink(approve);
      expect(view).toMatchObject({ ok: true, order: { action: "approve", environment: "PROD" } });
    }
    expect((await detail(t, order.id))?.order.status).toBe("pending");
    expect((await links(t, order.id)).every((l) => l.usedAt === null)).toBe(true);

    expect(await decideByLink({ token: approve, decision: "approve", comment: "fine by mail" })).toMatchObject({
      status: "approved",
      outcome: "approved",
    });
    const d = await detail(t, order.id);
    expect(d?.order.status).toBe("approved");
    expect(d?.tasks[0]?.task).toMatchObject({ status: "approved", decidedVia: "email", comment: "fine by mail" });
    expect(d?.timeline.find((r) => r.record.action === "approve")?.record).toMatchObject({
      via: "email",
      actorId: approver.userId,
    });
    const [entry] = await withTenant(t.owner.actor, (tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, "work_order.approve"), eq(auditLog.targetId, order.id))),
    );
    expect(entry).toMatchObject({ actorId: approver.userId, actorLabel: "via email" });
    expect(entry?.after).toMatchObject({ via: "email" });
    expect((await links(t, order.id)).find((l) => l.action === "approve")?.usedAt).not.toBeNull();

    // The same link again, and the task's other link: already decided, nothing changes.
    const already = `This approval was already decided by ${nameOf(approver.email)} (approved)`;
    await expect(decideByLink({ token: approve, decision: "approve", comment: "" })).rejects.toThrow(already);
    await expect(decideByLink({ token: reject, decision: "reject", comment: "no" })).rejects.toThrow(already);
    expect(await loadApprovalLink(reject)).toMatchObject({ ok: false, dead: { state: "decided" } });
    expect((await detail(t, order.id))?.order.status).toBe("approved");
  });

  test("a countersign level: the first link approval leaves the order waiting, the last moves it on to level 2", async () => {
    const t = await workOrderTenant(3);
    const [a, b, c] = [t.approvers[0]!, t.approvers[1]!, t.approvers[2]!];
    const tpl = await makeTemplate(t, {
      levels: [level("countersign", [a.userId, b.userId]), level("single", [c.userId], { name: "Ops on call" })],
    });
    const order = await submitOrder(t.requester.actor, { templateId: tpl, title: "", values: { Host: "host1" } });
    await app.settle();
    const linkOf = async (email: string) =>
      /Approve: \S+\/approve\/(\S+)/.exec((await latestMail(t, email)).text)?.[1] as string;
    const [fromA, fromB] = [await linkOf(a.email), await linkOf(b.email)];

    expect(await decideByLink({ token: fromA, decision: "approve", comment: "" })).toMatchObject({
      status: "pending",
      outcome: "waiting",
      nextLevel: null,
    });
    // b's approval completes the level: the order is not waiting for anyone at level 1 any more.
    expect(await decideByLink({ token: fromB, decision: "approve", comment: "" })).toMatchObject({
      status: "pending",
      outcome: "next_level",
      nextLevel: { index: 1, name: "Ops on call" },
    });
    expect((await detail(t, order.id))?.order).toMatchObject({ status: "pending", currentLevel: 1 });

    // The last level's link approves the order outright.
    await app.settle();
    expect(await decideByLink({ token: await linkOf(c.email), decision: "approve", comment: "" })).toMatchObject({
      status: "approved",
      outcome: "approved",
      nextLevel: null,
    });
  });

  test("a reject link needs a reason, then rejects via email", async () => {
    const t = await workOrderTenant(1);
    const { order, reject, approve } = await orderAwaiting(t);
    await expect(decideByLink({ token: reject, decision: "reject", comment: "  " })).rejects.toThrow(
      "A rejection needs a reason.",
    );
    // A link acts only as what it was made for.
    await expect(decideByLink({ token: approve, decision: "reject", comment: "x" })).rejects.toThrow(
      "This link is not valid",
    );
    expect((await detail(t, order.id))?.order.status).toBe("pending");
    expect(await decideByLink({ token: reject, decision: "reject", comment: "wrong host" })).toMatchObject({
      status: "rejected",
      outcome: "rejected",
    });
    const d = await detail(t, order.id);
    expect(d?.order.status).toBe("rejected");
    expect(d?.timeline.find((r) => r.record.action === "reject")?.record).toMatchObject({
      via: "email",
      comment: "wrong host",
    });
  });

  test("forged and tampered tokens are refused and change nothing", async () => {
    const t = await workOrderTenant(1);
    const other = await workOrderTenant(0);
    const { order, approve } = await orderAwaiting(t);
    const [tenantId, secret] = approve.split(".") as [string, string];
    const flipped = `${secret.slice(0, 10)}${secret[10] === "A" ? "B" : "A"}${secret.slice(11)}`;
    for (const token of [
      `${tenantId}.${flipped}`,
      `${other.owner.tenant.id}.${secret}`,
      `${tenantId}.${secret}x`,
      "garbage",
      `${tenantId}.`,
    ]) {
      expect(await loadApprovalLink(token)).toMatchObject({ ok: false, dead: { state: "invalid" } });
      await expect(decideByLink({ token, decision: "approve", comment: "" })).rejects.toThrow("This link is not valid");
    }
    expect((await detail(t, order.id))?.order.status).toBe("pending");
  });

  test("links expire after the tenant's TTL (injected clock)", async () => {
    const t = await workOrderTenant(1);
    const first = await orderAwaiting(t);
    const later = new Date(Date.now() + 73 * HOUR);
    expect(await loadApprovalLink(first.approve, later)).toMatchObject({ ok: false, dead: { state: "expired" } });
    await expect(
      decideByLink({ token: first.approve, decision: "approve", comment: "" }, { now: later }),
    ).rejects.toThrow("This link has expired");
    expect((await detail(t, first.order.id))?.order.status).toBe("pending");

    await updateTenant(t.owner.actor, { name: "Short links", timeZone: "UTC", approvalLinkTtlHours: 2 });
    const second = await orderAwaiting(t);
    const in3h = new Date(Date.now() + 3 * HOUR);
    expect(await loadApprovalLink(second.approve, new Date(Date.now() + HOUR))).toMatchObject({ ok: true });
    await expect(
      decideByLink({ token: second.approve, decision: "approve", comment: "" }, { now: in3h }),
    ).rejects.toThrow("This link has expired");
    expect((await detail(t, second.order.id))?.order.status).toBe("pending");
  });

  test("a decision in the app, a transfer or a withdrawal kills the links", async () => {
    const t = await workOrderTenant(2);
    const [a, b] = t.approvers;

    const viaUi = await orderAwaiting(t);
    await approveOrder(a!.actor, { orderId: viaUi.order.id });
    await expect(decideByLink({ token: viaUi.reject, decision: "reject", comment: "no" })).rejects.toThrow(
      `already decided by ${nameOf(a!.email)} (approved)`,
    );

    const transferred = await orderAwaiting(t);
    await transferApproval(a!.actor, { orderId: transferred.order.id, toUserId: b!.userId });
    expect(await loadApprovalLink(transferred.approve)).toMatchObject({ ok: false, dead: { state: "closed" } });
    await expect(decideByLink({ token: transferred.approve, decision: "approve", comment: "" })).rejects.toThrow(
      "transferred",
    );
    // The new approver got their own email.
    await app.settle();
    expect((await latestMail(t, b!.email)).text).toContain(`#${transferred.mail.subject.split("#")[1]?.split(" ")[0]}`);

    const withdrawn = await orderAwaiting(t);
    await withdrawOrder(t.requester.actor, { orderId: withdrawn.order.id });
    await expect(decideByLink({ token: withdrawn.approve, decision: "approve", comment: "" })).rejects.toThrow(
      "withdrawn",
    );
    expect((await detail(t, withdrawn.order.id))?.order.status).toBe("withdrawn");
  });

  test("the four-eyes rule holds for links too", async () => {
    const t = await workOrderTenant(1);
    const { order } = await orderAwaiting(t, { fourEyes: true });
    // A link bound to the requester (as if forged into the table) is still refused by the engine.
    const [task] = await withTenant(t.owner.actor, (tx) =>
      tx.select().from(approvalTasks).where(eq(approvalTasks.orderId, order.id)),
    );
    const { createApprovalLinks } = await import("@/lib/approvals/approval-links");
    const tokens = await withTenant(t.owner.actor, (tx) =>
      createApprovalLinks(tx, {
        tenantId: t.owner.tenant.id,
        taskId: task!.id,
        orderId: order.id,
        approverId: t.requester.userId,
      }),
    );
    await expect(decideByLink({ token: tokens.approve, decision: "approve", comment: "" })).rejects.toThrow(
      "Four-eyes rule: you cannot approve or reject your own order.",
    );
    expect((await detail(t, order.id))?.order.status).toBe("pending");
  });

  test("links and mail stay inside their tenant (RLS, forced)", async () => {
    const t = await workOrderTenant(1);
    const other = await workOrderTenant(0);
    const { order } = await orderAwaiting(t);
    expect(await links(t, order.id)).toHaveLength(2);
    const seen = await withTenant(other.owner.actor, async (tx) => ({
      links: await tx.select().from(approvalLinks).where(eq(approvalLinks.orderId, order.id)),
      mail: await tx.select().from(mailOutbox).where(eq(mailOutbox.to, t.approvers[0]!.email)),
    }));
    expect(seen).toEqual({ links: [], mail: [] });
    const noTenant = await withUser({ userId: t.owner.userId }, async (tx) => ({
      links: await tx.select().from(approvalLinks),
      mail: await tx.select().from(mailOutbox),
    }));
    expect(noTenant).toEqual({ links: [], mail: [] });
    type Flags = { relrowsecurity: boolean; relforcerowsecurity: boolean };
    const flags = await withUser({ userId: null }, (tx) =>
      tx.execute<Flags>(
        sql`select relrowsecurity, relforcerowsecurity from pg_class where relname in ('approval_links', 'mail_outbox')`,
      ),
    );
    const rows = rowsOf<Flags>(flags);
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(r).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
  });
});
