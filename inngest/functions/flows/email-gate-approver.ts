import "server-only";
import { events, inngest } from "@/inngest/client";
import { emailGateApprover } from "@/lib/approvals/email-gate-approver";

/**
 * A flow gate's approver is emailed their approve / reject links. The body is the one side effect
 * (no step): a retry of the function is a retry of the send; a task no longer pending sends nothing.
 */
export const emailGateApproverFn = inngest.createFunction(
  {
    id: "flow-gate-email-approver",
    name: "Email a flow gate's approver",
    retries: 10,
    triggers: [{ event: events["flow/gate.requested"] }],
  },
  async ({ event }) => {
    const { tenantId, runNodeId, taskId, approverId } = event.data;
    return emailGateApprover({ tenantId, runNodeId, taskId, approverId });
  },
);
