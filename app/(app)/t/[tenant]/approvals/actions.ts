"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { decideSubject } from "@/lib/approvals/decide-subject";
import { FLOW_GATE } from "@/lib/approvals/subjects/flow-gate";
import { msg } from "@/lib/i18n/message";
import { tenantAction } from "@/lib/safe-action";
import { ZTenantInput } from "@/lib/validation/tenancy";
import { zText } from "@/lib/validation/text";

const zComment = zText({ max: 2000, multiline: true });
const ZApproveGate = ZTenantInput.extend({ runNodeId: z.uuid(), comment: zComment.default("") });
const ZRejectGate = ZTenantInput.extend({
  runNodeId: z.uuid(),
  reason: zComment.min(1, msg("approvals.reason_required")),
});

/** A decision on a gate changes the inbox and the run's page (the run resumes on it). */
const refresh = (slug: string) => {
  revalidatePath(`/t/${slug}/approvals`, "layout");
  revalidatePath(`/t/${slug}/flows`, "layout");
};

/** Approves the actor's task on a flow run's gate (the engine's rules: four eyes, countersign, …). */
export const approveGateAction = tenantAction.inputSchema(ZApproveGate).action(async ({ parsedInput, ctx }) => {
  const result = await decideSubject(
    ctx.actor,
    { type: FLOW_GATE, id: parsedInput.runNodeId },
    "approved",
    parsedInput.comment,
  );
  refresh(ctx.tenant.slug);
  return { outcome: result.outcome };
});

/** Rejects a flow run's gate (a reason is required): the node fails and its policy applies. */
export const rejectGateAction = tenantAction.inputSchema(ZRejectGate).action(async ({ parsedInput, ctx }) => {
  const result = await decideSubject(
    ctx.actor,
    { type: FLOW_GATE, id: parsedInput.runNodeId },
    "rejected",
    parsedInput.reason,
  );
  refresh(ctx.tenant.slug);
  return { outcome: result.outcome };
});
