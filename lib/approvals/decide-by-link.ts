import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { approvalLinks, approvalTasks } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { SafeError } from "@/lib/errors";
import { checkLink, INVALID_LINK, parseLinkToken } from "./approval-links";
import { type DecisionGuard, type DecisionResult, decideSubject } from "./decide-subject";
import { WORK_ORDER } from "./subjects/work-order";

export type LinkDecision = { token: string; decision: "approve" | "reject"; comment: string };

/**
 * The confirm step of an emailed link (a POST, never the page's GET). Inside the decision's
 * transaction the link is locked and checked again (unused, unexpired, task still pending at the
 * order's current level), then marked used; the decision itself is the engine's, acting as the
 * link's approver (four eyes included) and recorded "via email". Answers what the decision did
 * (the order approved, rejected, moved on to its next level, or still waiting on this one).
 */
export async function decideByLink(
  input: LinkDecision,
  meta: { ip?: string | null; traceId?: string | null; now?: Date } = {},
): Promise<DecisionResult & { orderId: string }> {
  const parsed = parseLinkToken(input.token);
  if (!parsed) throw new SafeError(INVALID_LINK);
  if (input.decision === "reject" && !input.comment.trim())
    throw new SafeError("approvals.reason_required", { field: "comment" });
  const now = meta.now ?? new Date();

  // The link names its order and approver; read them first (RLS: only the token's tenant).
  const first = await withTenant({ tenantId: parsed.tenantId, userId: null }, (tx) =>
    checkLink(tx, parsed.secret, now),
  );
  if (!first.link || first.dead) throw new SafeError(first.dead?.code ?? INVALID_LINK, { params: first.dead?.params });
  const link = first.link;
  if (link.action !== input.decision) throw new SafeError(INVALID_LINK);

  const guard: DecisionGuard = async (tx, subject) => {
    const again = await checkLink(tx, parsed.secret, now, { forUpdate: true });
    if (!again.link || again.dead)
      throw new SafeError(again.dead?.code ?? INVALID_LINK, { params: again.dead?.params });
    const [task] = await tx
      .select({ level: approvalTasks.level })
      .from(approvalTasks)
      .where(eq(approvalTasks.id, link.taskId));
    if (task?.level !== subject.currentLevel) throw new SafeError("approvals.link_closed");
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
    { type: WORK_ORDER, id: link.orderId },
    input.decision === "approve" ? "approved" : "rejected",
    input.comment,
    "email",
    guard,
  );
  return { ...result, orderId: link.orderId };
}
