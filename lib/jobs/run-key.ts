import "server-only";
import { createHash } from "node:crypto";

/**
 * The id of a cron fire's run, derived from its unique key (schedule, fire time): the same fire
 * always gets the same id, so its JobLog row (primary key and the `job_runs_schedule_fire_key`
 * index) and its `job/run.requested` event (whose id is the run's) exist once however many ticks
 * write it. A UUID (version 5 layout, SHA-1 of the key) so it fits the `uuid` columns.
 */
export function cronRunId(scheduleId: string, fireAt: Date): string {
  const hash = createHash("sha1").update(`job-run:${scheduleId}:${fireAt.toISOString()}`).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
