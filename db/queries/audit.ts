import "server-only";
import { and, count, desc, eq, gte, ilike, lt, or, type SQL, sql } from "drizzle-orm";
import {
  approvalFlows,
  auditLog,
  invitations,
  notificationChannels,
  tenantRoles,
  tenants,
  users,
  woCategories,
  woExecutions,
  workOrders,
  woTemplates,
} from "@/db/schema";
import type { Tx } from "@/db/tenant";
import type { TAuditFilter } from "@/lib/validation/tenancy";
import { contains } from "./_search";

export const AUDIT_PAGE_SIZE = 50;

export type AuditRow = {
  id: number;
  createdAt: Date;
  actorId: string | null;
  actorName: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  /** What the target is called now ("#12 Deploy api", a member's name); null when it is gone. */
  targetName: string | null;
  /** The order an execution belongs to (its link). */
  targetOrderId: string | null;
  before: unknown;
  after: unknown;
  ip: string | null;
};

/** The current name of an audit row's target, by its type (RLS keeps each lookup in the tenant). */
const targetName: SQL<string | null> = sql`case ${auditLog.targetType}
  when 'work_order' then (select '#' || ${workOrders.number} || ' ' || ${workOrders.title} from ${workOrders} where ${workOrders.id}::text = ${auditLog.targetId})
  when 'execution' then (select '#' || ${workOrders.number} || ' ' || ${workOrders.title} from ${woExecutions} join ${workOrders} on ${workOrders.id} = ${woExecutions.orderId} where ${woExecutions.id}::text = ${auditLog.targetId})
  when 'template' then (select ${woTemplates.name} from ${woTemplates} where ${woTemplates.id}::text = ${auditLog.targetId})
  when 'approval_flow' then (select ${approvalFlows.name} from ${approvalFlows} where ${approvalFlows.id}::text = ${auditLog.targetId})
  when 'category' then (select ${woCategories.name} from ${woCategories} where ${woCategories.id}::text = ${auditLog.targetId})
  when 'member' then (select ${users.name} from ${users} where ${users.id}::text = ${auditLog.targetId})
  when 'role' then (select ${tenantRoles.name} from ${tenantRoles} where ${tenantRoles.id}::text = ${auditLog.targetId})
  when 'invitation' then (select ${invitations.email} from ${invitations} where ${invitations.id}::text = ${auditLog.targetId})
  when 'notification_channel' then (select ${notificationChannels.name} from ${notificationChannels} where ${notificationChannels.id}::text = ${auditLog.targetId})
  when 'tenant' then (select ${tenants.name} from ${tenants} where ${tenants.id}::text = ${auditLog.targetId})
end`;

const targetOrderId: SQL<string | null> =
  sql`case when ${auditLog.targetType} = 'execution' then (select ${woExecutions.orderId}::text from ${woExecutions} where ${woExecutions.id}::text = ${auditLog.targetId}) end`;

/**
 * One page of the context tenant's audit log, newest first (`before` is the keyset cursor), each
 * row with its actor's and target's names, and the number of rows the filters match. `q` searches
 * the actor and the target (names, emails, order numbers and titles).
 */
export async function listAudit(
  tx: Tx,
  filter: TAuditFilter,
): Promise<{ rows: AuditRow[]; next: number | null; total: number }> {
  const q = filter.q ? contains(filter.q) : null;
  const matching = and(
    filter.actor ? eq(auditLog.actorId, filter.actor) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.from ? gte(auditLog.createdAt, new Date(`${filter.from}T00:00:00Z`)) : undefined,
    filter.to ? lt(auditLog.createdAt, sql`${`${filter.to}T00:00:00Z`}::timestamptz + interval '1 day'`) : undefined,
    q ? or(ilike(users.name, q), ilike(auditLog.actorLabel, q), sql`${targetName} ilike ${q}`) : undefined,
  );
  const [rows, totals] = await Promise.all([
    tx
      .select({
        id: auditLog.id,
        createdAt: auditLog.createdAt,
        actorId: auditLog.actorId,
        actorName: users.name,
        actorLabel: auditLog.actorLabel,
        action: auditLog.action,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        targetName,
        targetOrderId,
        before: auditLog.before,
        after: auditLog.after,
        ip: auditLog.ip,
      })
      .from(auditLog)
      .leftJoin(users, eq(users.id, auditLog.actorId))
      .where(and(matching, filter.before ? lt(auditLog.id, filter.before) : undefined))
      .orderBy(desc(auditLog.id))
      .limit(AUDIT_PAGE_SIZE + 1),
    tx.select({ n: count() }).from(auditLog).leftJoin(users, eq(users.id, auditLog.actorId)).where(matching),
  ]);
  const more = rows.length > AUDIT_PAGE_SIZE;
  const page = more ? rows.slice(0, AUDIT_PAGE_SIZE) : rows;
  return { rows: page, next: more ? (page.at(-1)?.id ?? null) : null, total: Number(totals[0]?.n ?? 0) };
}

/** Distinct actions in the tenant's log, for the filter menu. */
export async function listAuditActions(tx: Tx): Promise<string[]> {
  const rows = await tx.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(auditLog.action);
  return rows.map((r) => r.action);
}

/**
 * Walks the tenant's hash chain oldest to newest and returns the id of the first row whose
 * prev_hash does not match its predecessor (null when the chain is intact).
 */
export async function verifyAuditChain(tx: Tx): Promise<number | null> {
  const rows = await tx
    .select({ id: auditLog.id, prevHash: auditLog.prevHash, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(auditLog.id);
  let prev: string | null = null;
  for (const row of rows) {
    if (row.prevHash !== prev) return row.id;
    prev = row.hash;
  }
  return null;
}
