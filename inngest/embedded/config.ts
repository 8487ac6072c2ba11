import "server-only";
import { Cron } from "croner";
import { compileExpression } from "./expressions";
import { parseDuration } from "./time";

/** A function config as the SDK sends it in `POST /fn/register` (the subset the executor reads). */
export type FunctionConfig = {
  id: string;
  name?: string;
  triggers: Array<{ event?: string; expression?: string; cron?: string; jitter?: string }>;
  steps: Record<
    string,
    { id: string; name: string; runtime: { type: string; url: string }; retries?: { attempts?: number } }
  >;
  cancel?: Array<{ event: string; timeout?: string; if?: string }>;
  [option: string]: unknown;
};

export type RegisterBody = {
  url: string;
  appName: string;
  functions: FunctionConfig[];
  sdk?: string;
  framework?: string;
};

/** Options the embedded executor does not implement: refused at sync so local runs never silently differ. */
const UNSUPPORTED = [
  "concurrency",
  "throttle",
  "debounce",
  "rateLimit",
  "batchEvents",
  "priority",
  "idempotency",
  "singleton",
] as const;

/** Inngest's default when `retries` is not set: 3 retries, so 4 attempts. */
export const DEFAULT_RETRIES = 3;

export class UnsupportedConfigError extends Error {
  override name = "UnsupportedConfigError";
}

/** `retries: N` registers as `attempts: N` and means N retries after the first try: N + 1 attempts. */
export function maxAttempts(config: FunctionConfig): number {
  const step = Object.values(config.steps ?? {})[0];
  const retries = step?.retries?.attempts ?? DEFAULT_RETRIES;
  return retries + 1;
}

/** Splits an Inngest cron ("TZ=Europe/Paris 0 9 * * *") into pattern and time zone. */
export function parseCron(cron: string): { pattern: string; timezone?: string } {
  const m = cron.trim().match(/^(?:CRON_)?TZ=(\S+)\s+(.+)$/);
  if (m) return { pattern: (m[2] as string).trim(), timezone: m[1] };
  return { pattern: cron.trim() };
}

export function cronSchedule(cron: string): Cron {
  const { pattern, timezone } = parseCron(cron);
  return new Cron(pattern, { timezone, paused: true });
}

/**
 * Checks every function of a sync against what the executor implements. Throws one error naming
 * each function and option it refuses (and invalid cron or `if` expressions).
 */
export function validateFunctionConfigs(functions: FunctionConfig[]): void {
  const problems: string[] = [];
  for (const fn of functions) {
    for (const option of UNSUPPORTED) {
      const value = fn[option];
      if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) {
        problems.push(`function "${fn.id}": option "${option}" is not supported by the embedded executor`);
      }
    }
    const timeouts = (fn.timeouts ?? {}) as { start?: unknown; finish?: unknown };
    if (timeouts.start !== undefined) {
      problems.push(`function "${fn.id}": option "timeouts.start" is not supported by the embedded executor`);
    }
    if (timeouts.finish !== undefined && (typeof timeouts.finish !== "string" || !parseDuration(timeouts.finish))) {
      problems.push(`function "${fn.id}": "timeouts.finish" must be a duration such as "25h"`);
    }
    for (const trigger of fn.triggers ?? []) {
      if (trigger.cron !== undefined) {
        if (trigger.jitter) problems.push(`function "${fn.id}": option "jitter" on cron triggers is not supported`);
        try {
          cronSchedule(trigger.cron);
        } catch (error) {
          problems.push(`function "${fn.id}": invalid cron "${trigger.cron}": ${(error as Error).message}`);
        }
      }
      if (trigger.expression) {
        try {
          compileExpression(trigger.expression);
        } catch (error) {
          problems.push(`function "${fn.id}": invalid "if" expression: ${(error as Error).message.split("\n")[0]}`);
        }
      }
    }
    for (const cancel of fn.cancel ?? []) {
      if (cancel.if) {
        try {
          compileExpression(cancel.if);
        } catch (error) {
          problems.push(`function "${fn.id}": invalid cancelOn expression: ${(error as Error).message.split("\n")[0]}`);
        }
      }
    }
  }
  if (problems.length) {
    throw new UnsupportedConfigError(
      `Inngest sync refused by the embedded executor:\n  ${problems.join("\n  ")}\n` +
        "Remove these options or run against a real Inngest server (INNGEST_MODE=external).",
    );
  }
}
