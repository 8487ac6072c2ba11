"use server";

import { revalidatePath } from "next/cache";
import { tenantAction } from "@/lib/safe-action";
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
