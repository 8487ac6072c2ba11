"use server";

import { revalidatePath } from "next/cache";
import { addApprover } from "@/lib/approvals/add-approver";
import { approveOrder, rejectOrder } from "@/lib/approvals/decide-order";
import { transferApproval } from "@/lib/approvals/transfer-approval";
import { urgeOrder } from "@/lib/approvals/urge-order";
import { withdrawOrder } from "@/lib/approvals/withdraw-order";
import { tenantAction } from "@/lib/safe-action";
import { ZAddApprover, ZApprove, ZReject, ZTransfer, ZUrge } from "@/lib/validation/approvals";
import { ZExecutionRef, ZOrderRef } from "@/lib/validation/work-orders";
import { cancelExecution } from "@/lib/work-orders/cancel-execution";
import { startExecution } from "@/lib/work-orders/start-execution";

/** A decision changes the order's pages and the approvers' inbox (its own section). */
const refresh = (slug: string) => {
  revalidatePath(`/t/${slug}/work-orders`, "layout");
  revalidatePath(`/t/${slug}/approvals`, "layout");
};

export const approveAction = tenantAction.inputSchema(ZApprove).action(async ({ parsedInput, ctx }) => {
  const result = await approveOrder(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return result;
});

export const rejectAction = tenantAction.inputSchema(ZReject).action(async ({ parsedInput, ctx }) => {
  const result = await rejectOrder(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return result;
});

export const transferAction = tenantAction.inputSchema(ZTransfer).action(async ({ parsedInput, ctx }) => {
  await transferApproval(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
});

export const addApproverAction = tenantAction.inputSchema(ZAddApprover).action(async ({ parsedInput, ctx }) => {
  await addApprover(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
});

export const withdrawAction = tenantAction.inputSchema(ZOrderRef).action(async ({ parsedInput, ctx }) => {
  await withdrawOrder(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
});

export const urgeAction = tenantAction.inputSchema(ZUrge).action(async ({ parsedInput, ctx }) => {
  const result = await urgeOrder(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return result;
});

export const executeAction = tenantAction.inputSchema(ZOrderRef).action(async ({ parsedInput, ctx }) => {
  const result = await startExecution(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return result;
});

export const cancelExecutionAction = tenantAction.inputSchema(ZExecutionRef).action(async ({ parsedInput, ctx }) => {
  const result = await cancelExecution(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return result;
});
