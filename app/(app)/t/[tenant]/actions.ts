"use server";

import { tenantAction } from "@/lib/safe-action";
import { ZFindOrders } from "@/lib/validation/work-orders";
import { findOrders } from "@/lib/work-orders/find-orders";

/** The jump-to palette's order search. */
export const findOrdersAction = tenantAction
  .inputSchema(ZFindOrders)
  .action(async ({ parsedInput, ctx }) => findOrders(ctx.actor, parsedInput.q));
