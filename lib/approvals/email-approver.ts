import "server-only";
import { eq } from "drizzle-orm";
import { approvalTasks, users } from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { approvalEmail } from "@/lib/mail/approval-email";
import { sendMail } from "@/lib/mail/send-mail";
import { approvalLinkUrl, createApprovalLinks, orderView } from "./approval-links";

/**
 * Emails the approver of a newly created task: the order and two single-use links (approve,
 * reject), with the tenant's wording as `intro`, in the approver's language (users.locale; English
 * when unset). Skips a task that is no longer pending (decided
 * or withdrawn before the email went out). The email delivery of an "approval/requested"
 * notification calls this: the link secrets exist only inside this call and the email.
 * `messageId` is the email's Message-ID (a delivery's, the same on each of its attempts).
 */
export async function emailApprover(
  input: { tenantId: string; orderId: string; taskId: string; approverId: string; messageId?: string },
  intro?: { subject: string; body: string; locale?: string },
  andThen?: (tx: Tx) => Promise<unknown>,
  now = new Date(),
): Promise<{ sent: boolean; subject?: string }> {
  const mail = await withTenant({ tenantId: input.tenantId, userId: null }, async (tx) => {
    const [task] = await tx
      .select({ status: approvalTasks.status, approverId: approvalTasks.approverId, orderId: approvalTasks.orderId })
      .from(approvalTasks)
      .where(eq(approvalTasks.id, input.taskId));
    if (task?.status !== "pending" || task.approverId !== input.approverId || task.orderId !== input.orderId)
      return null;
    const [approver] = await tx.select({ email: users.email }).from(users).where(eq(users.id, input.approverId));
    if (!approver) return null;
    const tokens = await createApprovalLinks(tx, input, now);
    const view = await orderView(tx, { ...input, action: "approve", expiresAt: tokens.expiresAt });
    if (!view) return null;
    const mail = approvalEmail(
      approver.email,
      view,
      { approve: approvalLinkUrl(tokens.approve), reject: approvalLinkUrl(tokens.reject) },
      intro,
      // The notification's language (the approver's, else the tenant's default), so intro and email agree.
      intro?.locale ?? view.locale,
    );
    return { ...mail, messageId: input.messageId };
  });
  if (!mail) return { sent: false };
  await sendMail(input.tenantId, mail, andThen);
  return { sent: true, subject: mail.subject };
}
