import "server-only";
import { auditLog } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { diff } from "./audit-diff";

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
