import "server-only";
import { eq } from "drizzle-orm";
import { approvalTasks, users } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { env } from "@/env";
import { gateApprovalEmail } from "@/lib/mail/gate-approval-email";
import { sendMail } from "@/lib/mail/send-mail";
import { approvalLinkUrl, createApprovalLinks } from "./approval-links";
import { gateView } from "./gate-view";
import { FLOW_GATE } from "./subjects/flow-gate";

/**
 * Emails the approver of a flow gate's new task (`flow/gate.requested`): the gate and two
 * single-use links (approve, reject), in the approver's language. Skips a task no longer pending
 * (decided, expired or cancelled before the email went out). The link secrets exist only inside
 * this call and the email; its Message-ID is the task's, the same on every attempt.
 *
 * An approval request is an obligation, not news: it is mailed whatever the approver's
 * notification preferences (as the work-order fan-out does for `approval/requested`).
 */
export async function emailGateApprover(
  input: { tenantId: string; runNodeId: string; taskId: string; approverId: string },
  now = new Date(),
): Promise<{ sent: boolean; subject?: string }> {
  const mail = await withTenant({ tenantId: input.tenantId, userId: null }, async (tx) => {
    const [task] = await tx
      .select({
        status: approvalTasks.status,
        approverId: approvalTasks.approverId,
        subjectType: approvalTasks.subjectType,
        subjectId: approvalTasks.subjectId,
      })
      .from(approvalTasks)
      .where(eq(approvalTasks.id, input.taskId));
    if (
      task?.status !== "pending" ||
      task.subjectType !== FLOW_GATE ||
      task.subjectId !== input.runNodeId ||
      task.approverId !== input.approverId
    )
      return null;
    const [approver] = await tx.select({ email: users.email }).from(users).where(eq(users.id, input.approverId));
    if (!approver) return null;
    const tokens = await createApprovalLinks(
      tx,
      { tenantId: input.tenantId, taskId: input.taskId, orderId: null, approverId: input.approverId },
      now,
    );
    const view = await gateView(tx, { ...input, action: "approve", expiresAt: tokens.expiresAt });
    if (!view) return null;
    const mail = gateApprovalEmail(
      approver.email,
      view,
      { approve: approvalLinkUrl(tokens.approve), reject: approvalLinkUrl(tokens.reject) },
      view.locale,
    );
    return { ...mail, messageId: `<gate-task-${input.taskId}@${new URL(env.APP_URL).hostname}>` };
  });
  if (!mail) return { sent: false };
  await sendMail(input.tenantId, mail);
  return { sent: true, subject: mail.subject };
}
