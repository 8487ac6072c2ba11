/**
 * The vocabulary of jobs (no server imports: shared by db/schema/jobs.ts, which drizzle-kit loads in
 * plain Node, the validation schemas and the job forms): job types and their configs, retries,
 * schedule policies, run triggers and statuses.
 */

export const JOB_TYPES = ["http", "shell", "sql"] as const;
export type JobType = (typeof JOB_TYPES)[number];

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"] as const;

export type HttpJobConfig = {
  method: (typeof HTTP_METHODS)[number];
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The status a success answers with; null: any 2xx. */
  expectStatus: number | null;
  timeoutMs: number;
  maxBytes: number;
};
export type ShellJobConfig = {
  command: string;
  workdir: string;
  /** Names of the job's secrets and parameters handed to the process as environment variables. */
  envKeys: string[];
  timeoutMs: number;
};
export type SqlJobConfig = {
  datasourceId: string;
  query: string;
  params: string[];
  statementTimeoutMs: number;
  rowCap: number;
  readOnly: boolean;
};
export type JobConfig =
  | ({ type: "http" } & HttpJobConfig)
  | ({ type: "shell" } & ShellJobConfig)
  | ({ type: "sql" } & SqlJobConfig);

export const RETRY_INTERVALS = ["fixed", "exponential"] as const;
export type JobRetries = { count: number; interval: (typeof RETRY_INTERVALS)[number]; baseMs: number };

export const MISFIRE_KINDS = ["skip", "fire_once", "fire_all"] as const;
export const OVERLAP_KINDS = ["skip", "buffer_one", "allow_n"] as const;

export const TRIGGER_TYPES = ["cron", "manual", "retry", "flow"] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];
export const RUN_STATUSES = ["pending", "running", "success", "failed", "timeout", "cancelled", "skipped"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** A parameter a job's `{Name}` placeholders read: given by "Run now", else its default. */
export type JobParameter = { name: string; default: string };

/**
 * Who is told about a job's runs, and when (not versioned: it changes nothing a run does). Alerts
 * go to `channelIds` (the tenant's notification channels) through the notification fan-out.
 * - `onFailure`: a run failed (after its last retry); `onTimeout`: a run timed out;
 * - `consecutive` > 0: `consecutive` runs in a row failed (said once, when the streak reaches it);
 * - `onRecovery`: a run succeeded after one that alerted.
 */
export type JobAlerts = {
  channelIds: string[];
  onFailure: boolean;
  onTimeout: boolean;
  consecutive: number;
  onRecovery: boolean;
};
export const DEFAULT_JOB_ALERTS: JobAlerts = {
  channelIds: [],
  onFailure: true,
  onTimeout: true,
  consecutive: 0,
  onRecovery: true,
};

/** A run that has not ended (overlap counts these; cancel applies to them). */
export const ACTIVE_RUN_STATUSES = ["pending", "running"] as const satisfies readonly RunStatus[];
