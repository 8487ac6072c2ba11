"use server";

/*
 * previewOrderRouteAction(input: { tenant: string; templateId: string (uuid);
 *   values: Record<string, string | string[]> })   // the submit form's values, as submitOrderAction takes them
 * → RoutePreview | null (lib/approvals/flow-graph.ts; shape written in
 *   app/(app)/t/[tenant]/approvals/flows/[flowId]/actions.ts). null = the template needs no approval.
 *   Reads the template's current version (environment, purpose, template) and the signed-in
 *   requester's role, routes through the flow's PUBLISHED version (none: serverError code
 *   "work-orders.flow_not_published"), and leaves the requester out of every level when the
 *   template has four eyes, as submit does. A level nobody can approve has `approvers: []`
 *   (submit would refuse it: "work-orders.nobody_approves").
 */

import { revalidatePath } from "next/cache";
import { previewOrderRoute } from "@/lib/approvals/preview-order-route";
import { tenantAction } from "@/lib/safe-action";
import { ZPreviewOrderRoute } from "@/lib/validation/approvals";
import { ZOrderRef, ZSubmitOrder } from "@/lib/validation/work-orders";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";

export const submitOrderAction = tenantAction.inputSchema(ZSubmitOrder).action(async ({ parsedInput, ctx }) => {
  const order = await submitOrder(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/work-orders`, "layout");
  return order;
});

/** "Execute now" for an order approved at submit (no approval needed). */
export const executeNowAction = tenantAction.inputSchema(ZOrderRef).action(async ({ parsedInput, ctx }) => {
  const started = await startExecution(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/work-orders`, "layout");
  return started;
});

/** The route the order would take, shown before submitting (debounced as values change). */
export const previewOrderRouteAction = tenantAction
  .inputSchema(ZPreviewOrderRoute)
  .action(async ({ parsedInput, ctx }) => previewOrderRoute(ctx.actor, parsedInput));
