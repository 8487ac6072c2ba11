import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, inArray } from "drizzle-orm";
import { getOrder } from "@/db/queries/work-orders";
import {
  approvalLinks,
  approvalTasks,
  type LinkAction,
  memberships,
  tenants,
  users,
  woCategories,
  workOrders,
} from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { appUrl } from "@/lib/app-url";
import { NotFoundError } from "@/lib/errors";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { type MessageParams, msgKey } from "@/lib/i18n/message";
import { renderMessage } from "@/lib/i18n/translate";
import { ofSubject } from "./engine";
import { gateView, type LinkGateView } from "./gate-view";
import { adapterOf } from "./subject";
import { FLOW_GATE } from "./subjects/flow-gate";
import { orderSubject, WORK_ORDER } from "./subjects/work-order";

/**
 * Emailed approve/reject links. A token is `<tenantId>.<secret>`: the tenant id only selects the
 * tenant whose rows RLS shows; the secret is 32 random bytes (base64url) of which only the sha256
 * is stored. A link works while it is unused, unexpired, its task is still pending and its approver
 * still a member: any decision (UI or another link), transfer or withdrawal kills it. A link's
 * subject is its task's: a work order, or a flow run's approval gate (lib/approvals/subjects/).
 */

const TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function parseLinkToken(token: string): { tenantId: string; secret: string } | null {
  const m = TOKEN.exec(token);
  return m ? { tenantId: m[1] as string, secret: m[2] as string } : null;
}

export function approvalLinkUrl(token: string): string {
  return appUrl(`/approve/${token}`);
}

/** Creates the approve and reject links of one pending task (inside the tenant's transaction). */
export async function createApprovalLinks(
  tx: Tx,
  task: { tenantId: string; taskId: string; orderId: string | null; approverId: string },
  now = new Date(),
): Promise<{ approve: string; reject: string; expiresAt: Date }> {
  const [tenant] = await tx
    .select({ ttl: tenants.approvalLinkTtlHours })
    .from(tenants)
    .where(eq(tenants.id, task.tenantId));
  const expiresAt = new Date(now.getTime() + (tenant?.ttl ?? 72) * 3_600_000);
  const tokens = {} as Record<LinkAction, string>;
  for (const action of ["approve", "reject"] as const) {
    const secret = randomBytes(32).toString("base64url");
    await tx.insert(approvalLinks).values({
      taskId: task.taskId,
      orderId: task.orderId,
      approverId: task.approverId,
      action,
      tokenHash: hashSecret(secret),
      expiresAt,
    });
    tokens[action] = `${task.tenantId}.${secret}`;
  }
  return { ...tokens, expiresAt };
}

export type LinkRow = typeof approvalLinks.$inferSelect;

/**
 * Why a link cannot be used, worded for the person who clicked it: `code` and `params` (text at
 * `approvals.errors.*`, rendered in the reader's language), `message` the English text.
 */
export type DeadLink = {
  state: "invalid" | "expired" | "decided" | "closed";
  code: string;
  params?: MessageParams;
  message: string;
};

export const INVALID_LINK = "approvals.link_invalid";

function dead(state: DeadLink["state"], code: string, params?: MessageParams): DeadLink {
  return { state, code, ...(params ? { params } : {}), message: renderMessage("en", code, params) };
}

/**
 * The link's row (locked when `forUpdate`) and whether it can still be used at `now`. Reads only:
 * the confirm step locks and marks it inside the decision's transaction.
 */
export async function checkLink(
  tx: Tx,
  secret: string,
  now: Date,
  opts: { forUpdate?: boolean } = {},
): Promise<{ link: LinkRow; dead: DeadLink | null } | { link: null; dead: DeadLink }> {
  const query = tx
    .select()
    .from(approvalLinks)
    .where(eq(approvalLinks.tokenHash, hashSecret(secret)));
  const [link] = opts.forUpdate ? await query.for("update") : await query;
  if (!link) return { link: null, dead: dead("invalid", INVALID_LINK) };
  const [task] = await tx.select().from(approvalTasks).where(eq(approvalTasks.id, link.taskId));
  if (!task) return { link, dead: dead("invalid", INVALID_LINK) };
  const status = await subjectStatus(tx, { type: task.subjectType, id: task.subjectId });
  if (status === null) return { link, dead: dead("invalid", INVALID_LINK) };

  if (task.status === "approved" || task.status === "rejected") {
    return { link, dead: await decidedBy(tx, task.approverId, task.status) };
  }
  if (task.status === "transferred") {
    return { link, dead: dead("closed", "approvals.link_transferred") };
  }
  if (task.status !== "pending" || status !== "pending") {
    if (status === "withdrawn") return { link, dead: dead("closed", "approvals.link_withdrawn") };
    if (status === "expired") {
      // A gate that timed out: its links say so, whatever its timeout action decided.
      return task.subjectType === FLOW_GATE
        ? { link, dead: dead("expired", "approvals.link_gate_expired") }
        : { link, dead: dead("closed", "approvals.link_order_expired") };
    }
    if (status === "cancelled") return { link, dead: dead("closed", "approvals.link_gate_cancelled") };
    // Cancelled because someone else decided the level (or the subject).
    const [other] = await tx
      .select({ approverId: approvalTasks.approverId, status: approvalTasks.status })
      .from(approvalTasks)
      .where(
        and(
          ofSubject(approvalTasks, { type: task.subjectType, id: task.subjectId }),
          eq(approvalTasks.level, task.level),
          inArray(approvalTasks.status, ["approved", "rejected"]),
        ),
      )
      .orderBy(desc(approvalTasks.decidedAt))
      .limit(1);
    if (other) return { link, dead: await decidedBy(tx, other.approverId, other.status) };
    return { link, dead: dead("closed", "approvals.link_closed") };
  }
  if (link.usedAt) return { link, dead: dead("decided", "approvals.link_used") };
  if (link.expiresAt.getTime() <= now.getTime()) {
    return { link, dead: dead("expired", "approvals.link_expired") };
  }
  const [member] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(eq(memberships.userId, link.approverId));
  if (!member) return { link, dead: dead("closed", "approvals.link_not_member") };
  return { link, dead: null };
}

/** The subject's status (null: gone), read through its own row: a work order's, else its adapter's. */
async function subjectStatus(tx: Tx, ref: { type: string; id: string }): Promise<string | null> {
  if (ref.type === WORK_ORDER) {
    const [order] = await tx.select({ status: workOrders.status }).from(workOrders).where(eq(workOrders.id, ref.id));
    return order?.status ?? null;
  }
  try {
    return (await adapterOf(ref.type).lock(tx, ref.id)).status;
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

async function decidedBy(tx: Tx, userId: string, status: string): Promise<DeadLink> {
  const [who] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
  return dead("decided", "approvals.link_decided", {
    name: who?.name ?? msgKey("approvals.errors.someone"),
    status: msgKey(`approvals.status.${status}`),
  });
}

export type LinkOrderView = {
  action: LinkAction;
  tenantName: string;
  approverName: string;
  orderNumber: number;
  title: string;
  templateName: string;
  requesterName: string;
  environment: string;
  levelName: string;
  commandPreview: string;
  variables: { label: string; value: string }[];
  expiresAt: Date;
  /** The tenant's time zone (dates in the email). */
  timeZone: string;
  /** The approver's language (users.locale), null when unset. */
  locale: Locale | null;
};

/**
 * A live link shows its work order (`order`) or its flow gate (`gate`); a dead one why, read-only.
 * `locale`: the link's approver's language when the link is known and they set one.
 */
export type LinkView =
  | { ok: true; order: LinkOrderView; gate?: undefined }
  | { ok: true; gate: LinkGateView; order?: undefined }
  | { ok: false; dead: DeadLink; locale: Locale | null };

/** What the emailed link's page shows. Only reads (a mail scanner's GET changes nothing). */
export async function loadApprovalLink(token: string, now = new Date()): Promise<LinkView> {
  const parsed = parseLinkToken(token);
  if (!parsed) return { ok: false, dead: dead("invalid", INVALID_LINK), locale: null };
  return withTenant({ tenantId: parsed.tenantId, userId: null }, async (tx): Promise<LinkView> => {
    const checked = await checkLink(tx, parsed.secret, now);
    if (!checked.link) return { ok: false, dead: checked.dead, locale: null };
    if (checked.dead) return { ok: false, dead: checked.dead, locale: await localeOf(tx, checked.link.approverId) };
    if (!checked.link.orderId) {
      const gate = await gateView(tx, checked.link);
      return gate
        ? { ok: true, gate }
        : { ok: false, dead: dead("invalid", INVALID_LINK), locale: await localeOf(tx, checked.link.approverId) };
    }
    const view = await orderView(tx, checked.link);
    return view
      ? { ok: true, order: view }
      : { ok: false, dead: dead("invalid", INVALID_LINK), locale: await localeOf(tx, checked.link.approverId) };
  });
}

/** A user's chosen language (users.locale), null when unset. */
export async function localeOf(tx: Tx, userId: string): Promise<Locale | null> {
  const [user] = await tx.select({ locale: users.locale }).from(users).where(eq(users.id, userId));
  return isLocale(user?.locale) ? user.locale : null;
}

/** The order as the approver's email and link page present it (internal values stay masked). */
export async function orderView(
  tx: Tx,
  link: Pick<LinkRow, "orderId" | "approverId" | "action" | "expiresAt" | "taskId">,
) {
  if (!link.orderId) return null;
  const detail = await getOrder(tx, link.orderId);
  if (!detail) return null;
  const [env] = await tx
    .select({ name: woCategories.name })
    .from(woCategories)
    .where(eq(woCategories.id, detail.order.environmentId));
  const [tenant] = await tx
    .select({ name: tenants.name, timeZone: tenants.timeZone })
    .from(tenants)
    .where(eq(tenants.id, detail.order.tenantId));
  const [approver] = await tx
    .select({ name: users.name, locale: users.locale })
    .from(users)
    .where(eq(users.id, link.approverId));
  const task = detail.tasks.find((t) => t.task.id === link.taskId)?.task;
  const labels = new Map(
    ((detail.variables ?? []) as { name: string; label?: string }[]).map((v) => [v.name, v.label || v.name]),
  );
  const level = orderSubject(detail.order).levels[task?.level ?? detail.order.currentLevel ?? 0];
  return {
    action: link.action,
    tenantName: tenant?.name ?? "",
    approverName: approver?.name ?? "",
    orderNumber: detail.order.number,
    title: detail.order.title || detail.templateName,
    templateName: detail.templateName,
    requesterName: detail.requesterName,
    environment: env?.name ?? "",
    levelName: level?.name ?? "",
    commandPreview: detail.order.commandPreview,
    variables: Object.entries(detail.order.values).map(([name, value]) => ({
      label: labels.get(name) ?? name,
      value: Array.isArray(value) ? value.join(", ") : value,
    })),
    expiresAt: link.expiresAt,
    timeZone: tenant?.timeZone ?? "UTC",
    locale: isLocale(approver?.locale) ? approver.locale : null,
  } satisfies LinkOrderView;
}
