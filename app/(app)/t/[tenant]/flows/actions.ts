"use server";

/*
 * The flows section's actions. Each takes the route's `tenant` slug (tenantAction checks the
 * membership) and calls one domain operation, which checks the permission:
 * - saveFlowAction(ZSaveJobFlow) → { id }              jobs.manage (a refused graph: flows.invalid,
 *     field "graph.node.<id>" when the first issue is at a node, else "graph")
 * - publishFlowAction(ZPublishJobFlow) → { version }   jobs.manage
 * - runFlowNowAction(ZRunFlowNow) → { runId }          jobs.run
 * - rerunFlowAction(ZRerunFlow) → { runId }            jobs.run (a new run of the same version; kept
 *     successes are reused, never executed again)
 * - cancelFlowRunAction(ZFlowRunRef) → { status }      jobs.run
 * - flowRunStateAction(ZFlowRunRef) → the run and its nodes (the run page polls it)   jobs.read
 * - flowNodeLogAction(ZFlowNodeLog) → { attempt, earlier, lines } one page of a node's log   jobs.read
 */

import { revalidatePath } from "next/cache";
import { getFlowRun, nodeLog } from "@/db/queries/flows";
import { withTenant } from "@/db/tenant";
import { NotFoundError } from "@/lib/errors";
import { cancelFlowRun } from "@/lib/flows/cancel-run";
import { publishFlow } from "@/lib/flows/publish-flow";
import { requestFlowRun } from "@/lib/flows/request-run";
import { flowRunState } from "@/lib/flows/run-view-state";
import { saveFlow } from "@/lib/flows/save-flow";
import { requestLocale } from "@/lib/i18n/request-locale";
import { tenantAction } from "@/lib/safe-action";
import { requirePermission } from "@/lib/tenants/actor";
import {
  ZFlowNodeLog,
  ZFlowRunRef,
  ZPublishJobFlow,
  ZRerunFlow,
  ZRunFlowNow,
  ZSaveJobFlow,
} from "@/lib/validation/flows";

const refresh = (slug: string) => revalidatePath(`/t/${slug}/flows`, "layout");

export const saveFlowAction = tenantAction.inputSchema(ZSaveJobFlow).action(async ({ parsedInput, ctx }) => {
  const saved = await saveFlow(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return saved;
});

export const publishFlowAction = tenantAction.inputSchema(ZPublishJobFlow).action(async ({ parsedInput, ctx }) => {
  const published = await publishFlow(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return published;
});

export const runFlowNowAction = tenantAction.inputSchema(ZRunFlowNow).action(async ({ parsedInput, ctx }) => {
  const run = await requestFlowRun(ctx.actor, { flowId: parsedInput.flowId, params: parsedInput.params });
  refresh(ctx.tenant.slug);
  return run;
});

export const rerunFlowAction = tenantAction.inputSchema(ZRerunFlow).action(async ({ parsedInput, ctx }) => {
  const { flowId, runId, mode, from } = parsedInput;
  const run = await requestFlowRun(ctx.actor, { flowId, params: {}, rerun: { of: runId, mode, from } });
  refresh(ctx.tenant.slug);
  return run;
});

export const cancelFlowRunAction = tenantAction.inputSchema(ZFlowRunRef).action(async ({ parsedInput, ctx }) => {
  const done = await cancelFlowRun(ctx.actor, { runId: parsedInput.runId });
  refresh(ctx.tenant.slug);
  return done;
});

/** The run's status and its nodes' (errors rendered in the reader's language), for the live view. */
export const flowRunStateAction = tenantAction.inputSchema(ZFlowRunRef).action(async ({ parsedInput, ctx }) => {
  requirePermission(ctx.actor, "jobs.read");
  const detail = await withTenant(ctx.actor, (tx) => getFlowRun(tx, parsedInput.runId));
  if (!detail) throw new NotFoundError("run");
  const locale = await requestLocale();
  return flowRunState(detail, locale);
});

/** One page of an inline node's log (the last 1,000 lines, or those before `before`). */
export const flowNodeLogAction = tenantAction.inputSchema(ZFlowNodeLog).action(async ({ parsedInput, ctx }) => {
  requirePermission(ctx.actor, "jobs.read");
  const { runNodeId, attempt, before } = parsedInput;
  return withTenant(ctx.actor, (tx) => nodeLog(tx, runNodeId, { attempt, before }));
});
