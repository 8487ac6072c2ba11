import "server-only";
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { auditLog, users } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import type { TAuditFilter } from "@/lib/validation/tenancy";

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
  before: unknown;
  after: unknown;
  ip: string | null;
};

/** One page of the context tenant's audit log, newest first; `before` is the keyset cursor. */
export async function listAudit(tx: Tx, filter: TAuditFilter): Promise<{ rows: AuditRow[]; next: number | null }> {
  const where = and(
    filter.actor ? eq(auditLog.actorId, filter.actor) : undefined,
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.from ? gte(auditLog.createdAt, new Date(`${filter.from}T00:00:00Z`)) : undefined,
    filter.to ? lt(auditLog.createdAt, sql`${`${filter.to}T00:00:00Z`}::timestamptz + interval '1 day'`) : undefined,
    filter.before ? lt(auditLog.id, filter.before) : undefined,
  );
  const rows = await tx
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      actorId: auditLog.actorId,
      actorName: users.name,
      actorLabel: auditLog.actorLabel,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      before: auditLog.before,
      after: auditLog.after,
      ip: auditLog.ip,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  const more = rows.length > AUDIT_PAGE_SIZE;
  const page = more ? rows.slice(0, AUDIT_PAGE_SIZE) : rows;
  return { rows: page, next: more ? (page.at(-1)?.id ?? null) : null };
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
