import "server-only";
import { msg } from "@/lib/i18n/message";
import type { ShellJobConfig } from "@/lib/jobs/catalog";
import { seconds } from "@/lib/net/outbound-error";
import { shellScript } from "@/lib/work-orders/command";
import { runCommand } from "@/lib/work-orders/run-command";
import { MAX_OUTPUT_BYTES } from "@/lib/work-orders/run-execution";
import { masker, placeholderValue } from "./placeholders";
import type { JobCall, JobOutcome } from "./types";

/**
 * Every process of a shell job's run carries `OPSDESK_JOB_RUN_ID=<run id>` in its environment
 * (children inherit it), so a reconciler can tell a run's leftovers from an unrelated process
 * that was given a recorded pid again (as OPSDESK_EXECUTION_ID does for work orders).
 */
export const JOB_RUN_MARKER = "OPSDESK_JOB_RUN_ID";

/**
 * One attempt of a shell job: the command as work orders run it (`shellScript`: each `{Name}` is
 * an expansion of its own OPSDESK_VAR_* variable, never pasted into the script; `runCommand`: its
 * own process group, killed whole on timeout or cancel, a minimal environment, capped output).
 * The secrets and parameters named in `envKeys` are variables of the process by their own names;
 * secrets are masked in every stored line and in the error.
 */
export async function callShell(call: JobCall, config: ShellJobConfig): Promise<JobOutcome> {
  const mask = masker(call.secrets);
  const env: Record<string, string> = {};
  for (const name of config.envKeys) {
    const value = placeholderValue(call, name);
    if (value === undefined) return failed(msg("jobs.call.unknown_env_key", { name }));
    env[name] = value;
  }
  // A parameter of the run takes the place of a secret of the same name, as everywhere else.
  const internal = Object.fromEntries(
    Object.entries(call.secrets).filter(([name]) => !Object.hasOwn(call.params, name)),
  );
  const prepared = shellScript(config.command, call.params, internal);
  const timeoutMs = Math.min(config.timeoutMs, call.timeoutMs);
  const result = await runCommand({
    script: prepared.script,
    // The placeholders' own variables and the marker win over a same-named envKey.
    env: { ...env, ...prepared.env, [JOB_RUN_MARKER]: call.runId },
    cwd: config.workdir || null,
    tempTag: `job-${call.runId}`,
    timeoutMs,
    maxOutputBytes: MAX_OUTPUT_BYTES,
    onOutput: (lines, firstSeq) =>
      call.onOutput(
        lines.map((l) => ({ ...l, line: mask(l.line) })),
        firstSeq,
      ),
    onSpawn: call.onSpawn,
    shouldCancel: call.shouldCancel,
  });
  const outcome = { exitCode: result.exitCode, bytes: result.bytes, truncated: result.truncated };
  const error = result.error ? mask(result.error) : null;
  if (result.status === "timed_out")
    return { status: "timeout", result: outcome, error: msg("jobs.call.timed_out", { after: seconds(timeoutMs) }) };
  if (result.status === "cancelled") return { status: "cancelled", result: outcome, error: null };
  if (result.status === "succeeded") return { status: "success", result: outcome, error };
  return {
    status: "failed",
    result: outcome,
    error:
      error ??
      (result.exitCode === null ? msg("jobs.call.killed") : msg("jobs.call.exit_code", { code: result.exitCode })),
  };
}

function failed(error: string): JobOutcome {
  return { status: "failed", result: null, error };
}
