import type { TSaveJob, TSaveSchedule } from "@/lib/validation/jobs";
import { ZSaveJob, ZSaveSchedule } from "@/lib/validation/jobs";

/** A job save as the form sends it, through the schema (its defaults filled in). */
export const jobInput = (input: Record<string, unknown>): Omit<TSaveJob, "tenant"> => {
  const { tenant: _, ...parsed } = ZSaveJob.parse({ tenant: "t-jobs", ...input });
  return parsed;
};

export const httpJob = (name: string, extra: Record<string, unknown> = {}) =>
  jobInput({ name, config: { type: "http", method: "GET", url: "https://hooks.example.com/ping" }, ...extra });

export const scheduleInput = (input: Record<string, unknown>): Omit<TSaveSchedule, "tenant"> => {
  const { tenant: _, ...parsed } = ZSaveSchedule.parse({ tenant: "t-jobs", ...input });
  return parsed;
};
