"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { rerunRun } from "@/lib/runs/rerun-run";
import { tenantAction } from "@/lib/safe-action";

const ZRerun = z.object({ tenant: z.string(), runId: z.string().min(1).max(64) });

export const rerunRunAction = tenantAction.inputSchema(ZRerun).action(async ({ parsedInput, ctx }) => {
  const result = await rerunRun(ctx.actor, { runId: parsedInput.runId });
  revalidatePath(`/t/${ctx.tenant.slug}/runs`, "layout");
  return result;
});
