import "server-only";
import type postgres from "postgres";
import { msg } from "@/lib/i18n/message";
import type { SqlJobConfig } from "@/lib/jobs/catalog";
import { seconds } from "@/lib/net/outbound-error";
import { watchCancel } from "./cancel";
import { CONNECT_TIMEOUT_MS, closeDatasource, datasourceFailure, openDatasource, QUERY_CANCELED } from "./datasource";
import { fill, masker } from "./placeholders";
import type { JobCall, JobOutcome } from "./types";

/** After a stop, how long the cancel request may take before the connection is simply closed. */
const CANCEL_GRACE_MS = 1_000;

/**
 * One attempt of an SQL job against its datasource, on a connection of its own. The query is
 * sent as written, one statement (the extended protocol refuses a second), with the job's
 * `params` (their `{Name}`s resolved) bound as $1..$n, never spliced into the text. It runs in a
 * transaction, `READ ONLY` when the datasource or the job says so (a forged `DROP TABLE` fails
 * there and changes nothing), with `statement_timeout` = min(statementTimeoutMs, timeoutMs) set
 * before it (so `SET TRANSACTION READ WRITE` in the query comes too late). Rows are read by a
 * cursor, never more than rowCap + 1 of them; values come back JSON-safe, secrets masked. A
 * cancel, or a server that does not answer in time, cancels the statement and ends the connection.
 */
export async function callSql(call: JobCall, config: SqlJobConfig): Promise<JobOutcome> {
  if (!call.datasource) return failed(msg("jobs.datasource_not_found"));
  const ds = openDatasource(call.datasource.url);
  if (typeof ds === "string") return failed(ds);
  const mask = masker(call.secrets);
  const readOnly = call.datasource.readOnly || config.readOnly;
  const limitMs = Math.min(config.statementTimeoutMs, call.timeoutMs);
  const params = config.params.map((p) => fill(p, call));

  let stopped: "timeout" | "cancelled" | null = null;
  let pending: postgres.PendingQuery<postgres.Row[]> | null = null;
  const stop = (why: "timeout" | "cancelled") => {
    if (stopped) return;
    stopped = why;
    const close = setTimeout(() => void closeDatasource(ds), CANCEL_GRACE_MS);
    Promise.resolve(pending?.cancel())
      .catch(() => {})
      .finally(() => {
        clearTimeout(close);
        void closeDatasource(ds);
      });
  };
  // The server ends a statement at limitMs; this catches one that never answers (connecting
  // included), within the job's own timeout and a second of grace for the server's answer.
  const timer = setTimeout(() => stop("timeout"), Math.min(limitMs + CONNECT_TIMEOUT_MS, call.timeoutMs + 1_000));
  const stopWatching = watchCancel(call.shouldCancel, () => stop("cancelled"));
  const rows: unknown[][] = [];
  let truncated = false;
  try {
    const done = await ds.sql.begin(readOnly ? "read only" : "read write", async (tx) => {
      await tx.unsafe("select set_config('statement_timeout', $1, true)", [String(limitMs)]);
      const query = tx
        .unsafe(config.query, params)
        .values()
        .cursor(config.rowCap + 1, (batch: unknown[][]) => {
          for (const row of batch) {
            if (rows.length < config.rowCap) rows.push(row.map((v) => jsonSafe(v, mask)));
            else truncated = true;
          }
          return truncated ? ds.sql.CLOSE : undefined;
        });
      pending = query as unknown as postgres.PendingQuery<postgres.Row[]>;
      return (await query) as unknown as { count: number | null; columns?: { name: string }[] };
    });
    const columns = (done.columns ?? []).map((c) => mask(c.name));
    return {
      status: "success",
      result: { columns, rows, rowCount: truncated ? rows.length : (done.count ?? rows.length), truncated },
      error: null,
    };
  } catch (error) {
    if (stopped === "cancelled") return { status: "cancelled", result: null, error: null };
    if (stopped === "timeout" || (error as { code?: unknown }).code === QUERY_CANCELED)
      return { status: "timeout", result: null, error: msg("jobs.call.timed_out", { after: seconds(limitMs) }) };
    return failed(mask(datasourceFailure(error, ds)));
  } finally {
    clearTimeout(timer);
    stopWatching();
    await closeDatasource(ds);
  }
}

/** A value as JSON can carry it: bigint and Date as strings, bytes as `\x…` hex, text masked. */
function jsonSafe(value: unknown, mask: (text: string) => string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return mask(value);
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (typeof value === "boolean") return value;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString("hex")}`;
  if (Array.isArray(value)) return value.map((v) => jsonSafe(v, mask));
  if (typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [mask(k), jsonSafe(v, mask)]));
  return mask(String(value));
}

function failed(error: string): JobOutcome {
  return { status: "failed", result: null, error };
}
