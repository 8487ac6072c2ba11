import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { approvalLinks, approvalTasks } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { SafeError } from "@/lib/errors";
import { checkLink, INVALID_LINK, parseLinkToken } from "./approval-links";
import { type DecisionGuard, type DecisionResult, decideSubject } from "./decide-subject";
import type { SubjectRef } from "./subject";
// Each subject type a link may name, registered with the engine.
import "./subjects/flow-gate";
import "./subjects/work-order";

export type LinkDecision = { token: string; decision: "approve" | "reject"; comment: string };

/**
 * The confirm step of an emailed link (a POST, never the page's GET). Inside the decision's
 * transaction the link is locked and checked again (unused, unexpired, task still pending at the
 * subject's current level), then marked used; the decision itself is the engine's, acting as the
 * link's approver (four eyes included) and recorded "via email". The subject is the link's task's:
 * a work order, or a flow run's approval gate. Answers what the decision did (the subject approved,
 * rejected, moved on to its next level, or still waiting on this one).
 */
export async function decideByLink(
  input: LinkDecision,
  meta: { ip?: string | null; traceId?: string | null; now?: Date } = {},
): Promise<DecisionResult & { orderId: string | null; subject: SubjectRef }> {
  const parsed = parseLinkToken(input.token);
  if (!parsed) throw new SafeError(INVALID_LINK);
  if (input.decision === "reject" && !input.comment.trim())
    throw new SafeError("approvals.reason_required", { field: "comment" });
  const now = meta.now ?? new Date();

  // The link names its task (so its subject) and approver; read them first (RLS: only the token's tenant).
  const first = await withTenant({ tenantId: parsed.tenantId, userId: null }, async (tx) => {
    const checked = await checkLink(tx, parsed.secret, now);
    if (!checked.link) return { ...checked, subject: null };
    const [task] = await tx
      .select({ type: approvalTasks.subjectType, id: approvalTasks.subjectId })
      .from(approvalTasks)
      .where(eq(approvalTasks.id, checked.link.taskId));
    return { ...checked, subject: task ?? null };
  });
  if (!first.link || first.dead || !first.subject)
    throw new SafeError(first.dead?.code ?? INVALID_LINK, { params: first.dead?.params });
  const link = first.link;
  const subject: SubjectRef = first.subject;
  if (link.action !== input.decision) throw new SafeError(INVALID_LINK);

  const guard: DecisionGuard = async (tx, locked) => {
    const again = await checkLink(tx, parsed.secret, now, { forUpdate: true });
    if (!again.link || again.dead)
      throw new SafeError(again.dead?.code ?? INVALID_LINK, { params: again.dead?.params });
    const [task] = await tx
      .select({ level: approvalTasks.level })
      .from(approvalTasks)
      .where(eq(approvalTasks.id, link.taskId));
    if (task?.level !== locked.currentLevel) throw new SafeError("approvals.link_closed");
    const used = await tx
      .update(approvalLinks)
      .set({ usedAt: now })
      .where(and(eq(approvalLinks.id, link.id), isNull(approvalLinks.usedAt)))
      .returning({ id: approvalLinks.id });
    if (used.length === 0) throw new SafeError("approvals.link_used");
  };

  const actor = { tenantId: parsed.tenantId, userId: link.approverId, ip: meta.ip, traceId: meta.traceId };
  const result = await decideSubject(
    actor,
    subject,
    input.decision === "approve" ? "approved" : "rejected",
    input.comment,
    "email",
    guard,
  );
  return { ...result, orderId: link.orderId, subject };
}
