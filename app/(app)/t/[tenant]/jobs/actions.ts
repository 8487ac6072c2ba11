"use server";

/*
 * The jobs section's actions. Each takes the route's `tenant` slug (tenantAction checks the
 * membership) and calls one domain operation, which checks the permission:
 * - saveJobAction(ZSaveJob) → { id, name, version }              jobs.manage
 * - setJobEnabledAction(ZSetJobEnabled) → { id, enabled, changed } jobs.manage
 * - saveScheduleAction(ZSaveSchedule) → { id, nextFireAt }       jobs.manage
 * - pauseScheduleAction(ZPauseSchedule), resumeScheduleAction(ZScheduleRef)   jobs.manage
 * - saveDatasourceAction(ZSaveDatasource) → { id, name, address } jobs.manage
 * - testDatasourceAction(ZTestDatasource) → { ok, serverVersion, ms } | { ok: false, error (text) }  jobs.manage
 * - runJobNowAction(ZRunJobNow) → { runId }                      jobs.run
 * - cancelRunAction(ZCancelRun) → { status }                     jobs.run
 */

import { revalidatePath } from "next/cache";
import { requestLocale } from "@/lib/i18n/request-locale";
import { renderStored } from "@/lib/i18n/translate";
import { cancelRun } from "@/lib/jobs/cancel-run";
import { pauseSchedule, resumeSchedule } from "@/lib/jobs/pause-schedule";
import { requestRun } from "@/lib/jobs/request-run";
import { saveDatasource } from "@/lib/jobs/save-datasource";
import { saveJob } from "@/lib/jobs/save-job";
import { saveSchedule } from "@/lib/jobs/save-schedule";
import { setJobEnabled } from "@/lib/jobs/set-job-enabled";
import { testDatasource } from "@/lib/jobs/test-datasource";
import { tenantAction } from "@/lib/safe-action";
import {
  ZCancelRun,
  ZPauseSchedule,
  ZRunJobNow,
  ZSaveDatasource,
  ZSaveJob,
  ZSaveSchedule,
  ZScheduleRef,
  ZSetJobEnabled,
  ZTestDatasource,
} from "@/lib/validation/jobs";

const refresh = (slug: string) => revalidatePath(`/t/${slug}/jobs`, "layout");

export const saveJobAction = tenantAction.inputSchema(ZSaveJob).action(async ({ parsedInput, ctx }) => {
  const saved = await saveJob(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return saved;
});

export const setJobEnabledAction = tenantAction.inputSchema(ZSetJobEnabled).action(async ({ parsedInput, ctx }) => {
  const done = await setJobEnabled(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return done;
});

export const saveScheduleAction = tenantAction.inputSchema(ZSaveSchedule).action(async ({ parsedInput, ctx }) => {
  const saved = await saveSchedule(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return saved;
});

export const pauseScheduleAction = tenantAction.inputSchema(ZPauseSchedule).action(async ({ parsedInput, ctx }) => {
  const done = await pauseSchedule(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return done;
});

export const resumeScheduleAction = tenantAction.inputSchema(ZScheduleRef).action(async ({ parsedInput, ctx }) => {
  const done = await resumeSchedule(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return done;
});

export const saveDatasourceAction = tenantAction.inputSchema(ZSaveDatasource).action(async ({ parsedInput, ctx }) => {
  const saved = await saveDatasource(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return saved;
});

/** "Test connection": the answer (server version and time, or why not) is data, not a failure. */
export const testDatasourceAction = tenantAction.inputSchema(ZTestDatasource).action(async ({ parsedInput, ctx }) => {
  const answer = await testDatasource(ctx.actor, { id: parsedInput.id, url: parsedInput.url || undefined });
  return answer.ok ? answer : { ok: false as const, error: renderStored(await requestLocale(), answer.error) };
});

export const runJobNowAction = tenantAction.inputSchema(ZRunJobNow).action(async ({ parsedInput, ctx }) => {
  const run = await requestRun(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return run;
});

export const cancelRunAction = tenantAction.inputSchema(ZCancelRun).action(async ({ parsedInput, ctx }) => {
  const done = await cancelRun(ctx.actor, parsedInput);
  refresh(ctx.tenant.slug);
  return done;
});
