import "server-only";
import { withTenant } from "@/db/tenant";
import { dispatch, enqueue } from "@/lib/events/publish";
import { expire } from "./engine";
import { lockSubject, type SubjectRef } from "./subject";
import { WORK_ORDER } from "./subjects/work-order";

/**
 * A level waited past its timeout. The subject expires only if it is still pending on that same
 * level; otherwise nothing changes (false).
 */
export async function expireSubject(input: { tenantId: string; subject: SubjectRef; level: number }): Promise<boolean> {
  const outbox = await withTenant({ tenantId: input.tenantId, userId: null }, async (tx) => {
    const subject = await lockSubject(tx, input.subject);
    const events = await expire(tx, subject, input.level);
    return events ? enqueue(tx, subject.tenantId, events) : null;
  });
  if (!outbox) return false;
  dispatch(outbox);
  return true;
}

/** An order's level timed out (called by the approval-wait Inngest function). */
export function expireLevel(input: { tenantId: string; orderId: string; level: number }): Promise<boolean> {
  return expireSubject({
    tenantId: input.tenantId,
    subject: { type: WORK_ORDER, id: input.orderId },
    level: input.level,
  });
}
