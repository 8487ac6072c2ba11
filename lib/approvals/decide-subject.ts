import "server-only";
import { type Tx, withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { SafeError } from "@/lib/errors";
import { dispatch, enqueue } from "@/lib/events/publish";
import type { Actor } from "@/lib/tenants/actor";
import { decide, type Via } from "./engine";
import { lockSubject, type Subject, type SubjectRef } from "./subject";

export type Decider = Pick<Actor, "tenantId" | "userId" | "ip" | "traceId">;

/**
 * Runs inside the decision's transaction, after the subject is locked and before the decision: it
 * may refuse (throw SafeError) or write alongside it (e.g. an emailed link marks itself used).
 */
export type DecisionGuard = (tx: Tx, subject: Subject) => Promise<void>;

/**
 * The actor approves or rejects (a reason required) on their task at the subject's current level;
 * audited as `<subject type>.approve` / `.reject` with the subject's status after the decision.
 */
export async function decideSubject(
  actor: Decider,
  ref: SubjectRef,
  decision: "approved" | "rejected",
  comment: string,
  via: Via = "ui",
  guard?: DecisionGuard,
): Promise<{ status: "approved" | "rejected" | "pending" }> {
  if (decision === "rejected" && !comment.trim())
    throw new SafeError("A rejection needs a reason.", { field: "reason" });
  const { outbox, status } = await withTenant(actor, async (tx) => {
    const subject = await lockSubject(tx, ref);
    await guard?.(tx, subject);
    const { events, settled } = await decide(tx, subject, actor.userId, decision, comment.trim(), via);
    // `status` is the subject's after this decision: the last approval approves it, a rejection ends it.
    const status: "approved" | "rejected" | "pending" = settled ?? "pending";
    await audit(tx, {
      action: `${ref.type}.${decision === "approved" ? "approve" : "reject"}`,
      targetType: ref.type,
      targetId: ref.id,
      before: { status: subject.status, level: subject.currentLevel },
      after: { decision, status, level: subject.currentLevel, comment: comment || null, via },
      actorLabel: via === "email" ? "via email" : null,
    });
    return { outbox: await enqueue(tx, subject.tenantId, events), status };
  });
  dispatch(outbox);
  return { status };
}
