import { inngest } from "@/inngest/client";
import { emailApprover as sendApprovalEmail } from "@/lib/approvals/email-approver";

/** A new approval task emails its approver the order and single-use approve/reject links. */
export const emailApprover = inngest.createFunction(
  { id: "approval-email-approver", name: "Email approver", triggers: [{ event: "approval/requested" }] },
  async ({ event, step }) => {
    const { tenantId, orderId, taskId, approverId } = event.data as {
      tenantId: string;
      orderId: string;
      taskId: string;
      approverId: string;
    };
    // One step: the link secrets never leave it (a step's result is stored as run state).
    return step.run("create-links-and-send", () => sendApprovalEmail({ tenantId, orderId, taskId, approverId }));
  },
);
