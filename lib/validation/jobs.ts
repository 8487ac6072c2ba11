import { z } from "zod";
import { msg } from "@/lib/i18n/message";
import { MAX_ALERT_STREAK } from "@/lib/jobs/alert-plan";
import { DEFAULT_JOB_ALERTS, HTTP_METHODS, RETRY_INTERVALS } from "@/lib/jobs/catalog";
import { MAX_CALENDAR_DAYS } from "@/lib/schedules/calendar";
import { MAX_EXPRESSION_CHARS } from "@/lib/schedules/cron";
import { ZTenantInput, zIdempotencyKey } from "./tenancy";
import { controlCharacterProblem, zKey, zObject, zRecord, zText } from "./text";

/** The longest a job or one of its calls may run: a day. */
export const MAX_JOB_TIMEOUT_MS = 86_400_000;
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
export const MAX_ROW_CAP = 10_000;
export const MAX_RETRIES = 10;
export const MAX_SECRETS = 50;
export const MAX_PARAMETERS = 50;
export const MAX_ALERT_CHANNELS = 20;

const zMs = (max = MAX_JOB_TIMEOUT_MS) => z.number().int().min(1000).max(max);
/** A name a secret, parameter or environment variable goes by: letters, digits and `_`. */
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const zVarName = zKey(64).regex(VAR_NAME, msg("jobs.var_name_invalid"));

const zHttpUrl = z
  .url({ protocol: /^https?$/, error: msg("jobs.http_url") })
  .max(2000, msg("jobs.url_too_long"))
  .refine((u) => controlCharacterProblem(u, false) === null, msg("jobs.http_url"));

export const ZHttpConfig = zObject({
  type: z.literal("http"),
  method: z.enum(HTTP_METHODS),
  url: zHttpUrl,
  headers: zRecord(zKey(100), zText({ max: 2000 }), 50).default({}),
  body: zText({ max: 100_000, multiline: true, keepSpaces: true }).default(""),
  expectStatus: z.number().int().min(100).max(599).nullable().default(null),
  timeoutMs: zMs(3_600_000).default(30_000),
  maxBytes: z
    .number()
    .int()
    .min(1)
    .max(MAX_RESPONSE_BYTES)
    .default(1024 * 1024),
});

export const ZShellConfig = zObject({
  type: z.literal("shell"),
  command: zText({ min: 1, max: 10_000, multiline: true, required: msg("jobs.command_required") }),
  workdir: zText({ max: 500 }).default(""),
  envKeys: z.array(zVarName).max(MAX_SECRETS).default([]),
  timeoutMs: zMs().default(300_000),
});

export const ZSqlConfig = zObject({
  type: z.literal("sql"),
  datasourceId: z.uuid(msg("jobs.choose_datasource")),
  query: zText({ min: 1, max: 100_000, multiline: true, required: msg("jobs.query_required") }),
  params: z
    .array(zText({ max: 2000, keepSpaces: true }))
    .max(100)
    .default([]),
  statementTimeoutMs: zMs(3_600_000).default(30_000),
  rowCap: z.number().int().min(1).max(MAX_ROW_CAP).default(1000),
  readOnly: z.boolean().default(true),
});

export const ZJobConfig = z.discriminatedUnion("type", [ZHttpConfig, ZShellConfig, ZSqlConfig], {
  error: msg("jobs.choose_type"),
});
export type TJobConfig = z.infer<typeof ZJobConfig>;

export const ZRetries = zObject({
  count: z.number().int().min(0).max(MAX_RETRIES).default(0),
  interval: z.enum(RETRY_INTERVALS).default("fixed"),
  baseMs: zMs(3_600_000).default(60_000),
});

/** Who is told of the job's runs, and when (lib/jobs/catalog.ts `JobAlerts`). */
export const ZJobAlerts = zObject({
  channelIds: z
    .array(z.uuid(msg("jobs.choose_channel")))
    .max(MAX_ALERT_CHANNELS)
    .superRefine((ids, ctx) => {
      ids.forEach((id, i) => {
        if (ids.indexOf(id) !== i)
          ctx.addIssue({ code: "custom", message: msg("jobs.alert_channel_repeated"), path: [i] });
      });
    })
    .default(DEFAULT_JOB_ALERTS.channelIds),
  onFailure: z.boolean().default(DEFAULT_JOB_ALERTS.onFailure),
  onTimeout: z.boolean().default(DEFAULT_JOB_ALERTS.onTimeout),
  /** Alert when this many runs in a row failed or timed out; 0: never. */
  consecutive: z.number().int().min(0).max(MAX_ALERT_STREAK).default(DEFAULT_JOB_ALERTS.consecutive),
  onRecovery: z.boolean().default(DEFAULT_JOB_ALERTS.onRecovery),
});
export type TJobAlerts = z.infer<typeof ZJobAlerts>;

/** A parameter a job's `{Name}` placeholders read, with the value a run takes when none is given. */
export const ZJobParameter = zObject({
  name: zVarName,
  default: zText({ max: 2000, keepSpaces: true }).default(""),
});

export const ZJobParameters = z
  .array(ZJobParameter)
  .max(MAX_PARAMETERS)
  .superRefine((params, ctx) => {
    const seen = new Set<string>();
    params.forEach((p, i) => {
      if (seen.has(p.name))
        ctx.addIssue({ code: "custom", message: msg("jobs.parameter_repeated", { name: p.name }), path: [i, "name"] });
      seen.add(p.name);
    });
  });

export const ZSaveJob = ZTenantInput.extend({
  /** Absent: a new job. Present: a new version of it. */
  id: z.uuid().optional(),
  name: zText({ min: 1, max: 120, required: msg("jobs.name_required") }),
  description: zText({ max: 2000, multiline: true }).default(""),
  config: ZJobConfig,
  retries: ZRetries.default({ count: 0, interval: "fixed", baseMs: 60_000 }),
  timeoutMs: zMs().default(600_000),
  /**
   * The job's secrets by name. An empty value on an edit keeps the value the previous version had
   * (values are never shown back); a name left out is removed.
   */
  secrets: zRecord(zKey(64), zText({ max: 10_000, keepSpaces: true }), MAX_SECRETS)
    // Checked here, not by the record's key schema: zod reports a refused key without its message.
    .superRefine((secrets, ctx) => {
      for (const name of Object.keys(secrets))
        if (!VAR_NAME.test(name)) ctx.addIssue({ code: "custom", message: msg("jobs.var_name_invalid"), path: [name] });
    })
    .default({}),
  /** Versioned with the config: a changed parameter makes a new version. Names are unique. */
  parameters: ZJobParameters.default([]),
  /** Not versioned: changing only these keeps the version. */
  alerts: ZJobAlerts.default(DEFAULT_JOB_ALERTS),
  idempotencyKey: zIdempotencyKey,
}).superRefine((job, ctx) => {
  // A parameter and a secret reach a command by the same name: one name, one of them.
  job.parameters.forEach((p, i) => {
    if (Object.hasOwn(job.secrets, p.name))
      ctx.addIssue({
        code: "custom",
        message: msg("jobs.parameter_is_secret", { name: p.name }),
        path: ["parameters", i, "name"],
      });
  });
});
export type TSaveJob = z.infer<typeof ZSaveJob>;

export const ZJobRef = ZTenantInput.extend({ id: z.uuid() });
export const ZSetJobEnabled = ZTenantInput.extend({ id: z.uuid(), enabled: z.boolean() });

export const ZSaveDatasource = ZTenantInput.extend({
  id: z.uuid().optional(),
  name: zText({ min: 1, max: 120, required: msg("jobs.name_required") }),
  /** postgres:// URL. Empty on an edit keeps the stored one (it is never shown back). */
  url: z
    .union([
      z.literal(""),
      z
        .url({ protocol: /^postgres(ql)?$/, error: msg("jobs.postgres_url") })
        .max(2000, msg("jobs.url_too_long"))
        .refine((u) => controlCharacterProblem(u, false) === null, msg("jobs.postgres_url")),
    ])
    .default(""),
  readOnly: z.boolean().default(true),
  idempotencyKey: zIdempotencyKey,
});
export type TSaveDatasource = z.infer<typeof ZSaveDatasource>;

const zDay = zObject({
  date: z.string().max(10),
  name: zText({ max: 100 }).optional(),
});

export const ZSaveSchedule = ZTenantInput.extend({
  /** Absent: a new schedule of `jobId`. */
  id: z.uuid().optional(),
  jobId: z.uuid(),
  cron: z.string().max(MAX_EXPRESSION_CHARS * 2),
  timeZone: z.string().max(100),
  misfire: z
    .discriminatedUnion("kind", [
      zObject({ kind: z.literal("skip") }),
      zObject({ kind: z.literal("fire_once") }),
      zObject({ kind: z.literal("fire_all"), cap: z.number().int().optional() }),
    ])
    .default({ kind: "fire_once" }),
  overlap: z
    .discriminatedUnion("kind", [
      zObject({ kind: z.literal("skip") }),
      zObject({ kind: z.literal("buffer_one") }),
      zObject({ kind: z.literal("allow_n"), limit: z.number().int() }),
    ])
    .default({ kind: "skip" }),
  calendar: zObject({
    excluded: z.array(zDay).max(MAX_CALENDAR_DAYS).default([]),
    included: z.array(zDay).max(MAX_CALENDAR_DAYS).default([]),
  }).default({ excluded: [], included: [] }),
  enabled: z.boolean().default(true),
  /** A pause that ends by itself; null: none. */
  pausedUntil: z.coerce.date().nullable().default(null),
  idempotencyKey: zIdempotencyKey,
});
export type TSaveSchedule = z.infer<typeof ZSaveSchedule>;

export const ZPauseSchedule = ZTenantInput.extend({
  id: z.uuid(),
  /** Absent or null: paused until resumed. */
  until: z.coerce.date().nullable().default(null),
});
export const ZScheduleRef = ZTenantInput.extend({ id: z.uuid() });

/** "Run now": the run's parameters by name (the job's declared ones; a left-out one takes its default). */
export const ZRunJobNow = ZTenantInput.extend({
  jobId: z.uuid(),
  params: zRecord(zKey(64), zText({ max: 2000, keepSpaces: true }), 50).default({}),
});
export const ZCancelRun = ZTenantInput.extend({ runId: z.uuid() });
/** "Test connection": a typed URL (a new datasource, or a changed one), else the stored one of `id`. */
export const ZTestDatasource = ZTenantInput.extend({
  id: z.uuid().optional(),
  url: ZSaveDatasource.shape.url,
}).refine((t) => t.id || t.url, { message: msg("jobs.datasource_url_required"), path: ["url"] });
