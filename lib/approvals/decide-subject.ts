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
 * What one decision did: it decided the subject (approved, rejected), moved it on to the next
 * level (`nextLevel`, its index and name), or left it waiting for the level's other approvers
 * (a countersign level with tasks still pending). `status` is the subject's after the decision.
 */
export type DecisionResult = {
  status: "approved" | "rejected" | "pending";
  outcome: "approved" | "rejected" | "next_level" | "waiting";
  nextLevel: { index: number; name: string } | null;
};

/**
 * The actor approves or rejects (a reason required) on their task at the subject's current level;
 * audited as `<subject type>.approve` / `.reject` with the subject's status after the decision.
 * Answers what the decision did (the emailed link's page says it).
 */
export async function decideSubject(
  actor: Decider,
  ref: SubjectRef,
  decision: "approved" | "rejected",
  comment: string,
  via: Via = "ui",
  guard?: DecisionGuard,
): Promise<DecisionResult> {
  if (decision === "rejected" && !comment.trim()) throw new SafeError("approvals.reason_required", { field: "reason" });
  const { outbox, result } = await withTenant(actor, async (tx) => {
    const subject = await lockSubject(tx, ref);
    await guard?.(tx, subject);
    const { events, settled, opened } = await decide(tx, subject, actor.userId, decision, comment.trim(), via);
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
    const level = opened === null ? undefined : subject.levels[opened];
    const result: DecisionResult = {
      status,
      outcome: settled ?? (level ? "next_level" : "waiting"),
      nextLevel: level && opened !== null ? { index: opened, name: level.name } : null,
    };
    return { outbox: await enqueue(tx, subject.tenantId, events), result };
  });
  dispatch(outbox);
  return result;
}
