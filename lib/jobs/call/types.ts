import "server-only";
import type { JobConfig } from "@/lib/jobs/catalog";
import type { OutputLine } from "@/lib/work-orders/run-command";

/**
 * The contract between a run (lib/jobs/run-job.ts: claim, heartbeat, retries, the recorded end)
 * and the three ways of calling out (./http.ts, ./shell.ts, ./sql.ts, chosen by ./index.ts
 * `callJob`). A call never throws for a failure of the job itself: it answers a `JobOutcome`.
 */
export type JobCall = {
  runId: string;
  tenantId: string;
  config: JobConfig;
  /** The run's parameters (defaults filled in) and the job's decrypted secrets, by name. */
  params: Record<string, string>;
  secrets: Record<string, string>;
  /** An SQL job's datasource, its URL decrypted (null for the other types). */
  datasource: { url: string; readOnly: boolean } | null;
  /** The job's overall timeout; a type's own (HTTP timeout, statement timeout) applies within it. */
  timeoutMs: number;
  /** Shell output, as it comes (the sink accepts a repeat of a batch: see RunOptions.onOutput). */
  onOutput: (lines: OutputLine[], firstSeq: number) => Promise<void>;
  /** A shell run's process group, once spawned. */
  onSpawn?: (pid: number) => void;
  /** Polled while the call runs; true stops it (status cancelled). */
  shouldCancel: () => Promise<boolean>;
};

/**
 * What a call came to. `result` is JSON for people (stored on the run, shown on its page):
 * - http: `{ status, headers, body, bytes, truncated }` (body as text, capped at maxBytes);
 * - sql: `{ columns, rows, rowCount, truncated }` (rows capped at rowCap);
 * - shell: `{ exitCode, bytes, truncated }` (the lines went to `onOutput`).
 * `error` is a `msg()` string (lib/i18n/message.ts), never a secret, a stack or a server path.
 */
export type JobOutcome = {
  status: "success" | "failed" | "timeout" | "cancelled";
  result: unknown;
  error: string | null;
};
