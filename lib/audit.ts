import "server-only";
import { auditLog } from "@/db/schema";
import type { Tx } from "@/db/tenant";

export type AuditEntry = {
  action: string;
  targetType: string;
  targetId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** Shown when the actor is not a user (e.g. "system", "via email"). */
  actorLabel?: string | null;
};

/**
 * Writes one audit row in the caller's transaction. Tenant, actor, ip and trace id come from the
 * context the door set, so an audit row can only be written for the tenant being changed.
 */
export async function audit(tx: Tx, entry: AuditEntry): Promise<void> {
  const { before, after } = diff(entry.before ?? null, entry.after ?? null);
  await tx.insert(auditLog).values({
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    before,
    after,
    actorLabel: entry.actorLabel ?? null,
  });
}

/** Keeps only the keys that changed (all keys on create/delete). */
export function diff(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
): { before: Record<string, unknown> | null; after: Record<string, unknown> | null } {
  if (!before || !after) return { before, after };
  const b: Record<string, unknown> = {};
  const a: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}
