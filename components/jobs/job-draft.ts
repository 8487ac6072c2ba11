/**
 * The job form's state and how it becomes `ZSaveJob` input (no server imports: the form and the
 * unit tests use it). Times are typed in seconds and sent in milliseconds; numbers stay the text
 * typed until sent, so a bad value is kept for the user to fix, and the server names it.
 */
import {
  DEFAULT_JOB_ALERTS,
  type HTTP_METHODS,
  type JobAlerts,
  type JobConfig,
  type JobParameter,
  type JobRetries,
  type JobType,
  type RETRY_INTERVALS,
} from "@/lib/jobs/catalog";

let key = 1;
/** One row of a name → value list: `stored` marks a secret that has a value the server keeps (never shown). */
export type Pair = { key: number; name: string; value: string; stored?: boolean };

export const newPair = (name = "", value = "", stored = false): Pair => ({ key: key++, name, value, stored });

/** The rows as a record (blank names left out: an untouched new row is no entry). */
export const pairsRecord = (pairs: Pair[]) =>
  Object.fromEntries(pairs.filter((p) => p.name.trim()).map((p) => [p.name.trim(), p.value]));

export type JobDraft = {
  name: string;
  description: string;
  type: JobType;
  http: {
    method: (typeof HTTP_METHODS)[number];
    url: string;
    headers: Pair[];
    body: string;
    expectStatus: string;
    timeoutS: string;
    maxBytes: string;
  };
  shell: { command: string; workdir: string; envKeys: string; timeoutS: string };
  sql: {
    datasourceId: string;
    query: string;
    params: Pair[];
    statementTimeoutS: string;
    rowCap: string;
    readOnly: boolean;
  };
  retries: { count: string; interval: (typeof RETRY_INTERVALS)[number]; baseS: string };
  timeoutS: string;
  secrets: Pair[];
  parameters: Pair[];
  alerts: { channelIds: string[]; onFailure: boolean; onTimeout: boolean; consecutive: string; onRecovery: boolean };
};

/** What the form starts from when editing: the job and its current version. */
export type JobInitial = {
  id: string;
  version: number;
  name: string;
  description: string;
  config: JobConfig;
  retries: JobRetries;
  timeoutMs: number;
  secretNames: string[];
  parameters: JobParameter[];
  alerts: JobAlerts;
};

const s = (ms: number) => String(ms / 1000);
/** Seconds as typed → ms; text that is no number is sent as NaN, which the server refuses by name. */
const ms = (seconds: string) => (seconds.trim() === "" ? Number.NaN : Math.round(Number(seconds) * 1000));
const int = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));

export function draftOf(initial: JobInitial | null, type: JobType = "http"): JobDraft {
  const c = initial?.config;
  const http = c?.type === "http" ? c : null;
  const shell = c?.type === "shell" ? c : null;
  const sql = c?.type === "sql" ? c : null;
  const alerts = initial?.alerts ?? DEFAULT_JOB_ALERTS;
  return {
    name: initial?.name ?? "",
    description: initial?.description ?? "",
    type: c?.type ?? type,
    http: {
      method: http?.method ?? "GET",
      url: http?.url ?? "",
      headers: Object.entries(http?.headers ?? {}).map(([k, v]) => newPair(k, v)),
      body: http?.body ?? "",
      expectStatus: http?.expectStatus ? String(http.expectStatus) : "",
      timeoutS: s(http?.timeoutMs ?? 30_000),
      maxBytes: String(http?.maxBytes ?? 1024 * 1024),
    },
    shell: {
      command: shell?.command ?? "",
      workdir: shell?.workdir ?? "",
      envKeys: (shell?.envKeys ?? []).join(", "),
      timeoutS: s(shell?.timeoutMs ?? 300_000),
    },
    sql: {
      datasourceId: sql?.datasourceId ?? "",
      query: sql?.query ?? "",
      params: (sql?.params ?? []).map((v, i) => newPair(`$${i + 1}`, v)),
      statementTimeoutS: s(sql?.statementTimeoutMs ?? 30_000),
      rowCap: String(sql?.rowCap ?? 1000),
      readOnly: sql?.readOnly ?? true,
    },
    retries: {
      count: String(initial?.retries.count ?? 0),
      interval: initial?.retries.interval ?? "fixed",
      baseS: s(initial?.retries.baseMs ?? 60_000),
    },
    timeoutS: s(initial?.timeoutMs ?? 600_000),
    secrets: (initial?.secretNames ?? []).map((n) => newPair(n, "", true)),
    parameters: (initial?.parameters ?? []).map((p) => newPair(p.name, p.default)),
    alerts: { ...alerts, consecutive: String(alerts.consecutive) },
  };
}

/** The words an environment-keys field holds: split on commas and white space. */
export const wordsOf = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** The draft as `saveJobAction` takes it (tenant, id and idempotency key added by the form). */
export function jobInput(d: JobDraft) {
  const config =
    d.type === "http"
      ? {
          type: "http" as const,
          method: d.http.method,
          url: d.http.url.trim(),
          headers: pairsRecord(d.http.headers),
          body: d.http.body,
          expectStatus: d.http.expectStatus.trim() ? int(d.http.expectStatus) : null,
          timeoutMs: ms(d.http.timeoutS),
          maxBytes: int(d.http.maxBytes),
        }
      : d.type === "shell"
        ? {
            type: "shell" as const,
            command: d.shell.command,
            workdir: d.shell.workdir,
            envKeys: wordsOf(d.shell.envKeys),
            timeoutMs: ms(d.shell.timeoutS),
          }
        : {
            type: "sql" as const,
            datasourceId: d.sql.datasourceId,
            query: d.sql.query,
            params: d.sql.params.map((p) => p.value),
            statementTimeoutMs: ms(d.sql.statementTimeoutS),
            rowCap: int(d.sql.rowCap),
            readOnly: d.sql.readOnly,
          };
  return {
    name: d.name,
    description: d.description,
    config,
    retries: { count: int(d.retries.count), interval: d.retries.interval, baseMs: ms(d.retries.baseS) },
    timeoutMs: ms(d.timeoutS),
    secrets: pairsRecord(d.secrets),
    parameters: d.parameters.filter((p) => p.name.trim()).map((p) => ({ name: p.name.trim(), default: p.value })),
    alerts: { ...d.alerts, consecutive: int(d.alerts.consecutive) },
  };
}
