import "server-only";
import { callHttp } from "./http";
import { unknownPlaceholder } from "./placeholders";
import { callShell } from "./shell";
import { callSql } from "./sql";
import type { JobCall, JobOutcome } from "./types";

export { JOB_RUN_MARKER } from "./shell";
export type { JobCall, JobOutcome } from "./types";

/**
 * One attempt of a job, by its type. A failure of the job (a placeholder nothing fills, a refused
 * address, a status, an exit code, an SQL error, a timeout, a cancel) is an outcome, never a
 * throw; only a bug throws.
 */
export async function callJob(call: JobCall): Promise<JobOutcome> {
  const unknown = unknownPlaceholder(call);
  if (unknown) return { status: "failed", result: null, error: unknown };
  const config = call.config;
  if (config.type === "http") return callHttp(call, config);
  if (config.type === "shell") return callShell(call, config);
  return callSql(call, config);
}
