import { z } from "zod";
import { msg } from "@/lib/i18n/message";
import { unknownPlaceholders } from "@/lib/work-orders/command";
import { PRESET_NAMES, patternName, patternRefusal, regexProblem } from "@/lib/work-orders/patterns";
import { DEFAULT_RUN_POLICY, RUN_POLICIES } from "@/lib/work-orders/run-policy";
import { MAX_ROLES } from "./approvals";
import { ZTenantInput, zIdempotencyKey, zRole } from "./tenancy";
import { controlCharacterProblem, RESERVED_KEYS, zKey, zObject, zRecord, zText } from "./text";

const zVarName = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, msg("templates.var_name_chars"))
  .refine((n) => !RESERVED_KEYS.has(n), { error: (i) => `"${String(i.input)}" is a reserved name.` });

/**
 * A value handed to a command (as an environment variable): a process's arguments and environment
 * are C strings, so a NUL byte cannot be passed (spawn refuses it) and is refused here, by name.
 */
const zProcessValue = (max: number) =>
  z
    .string()
    .max(max, msg("validation.max_chars", { max }))
    .refine((v) => !v.includes("\0"), msg("templates.value_nul"))
    .superRefine((v, ctx) => {
      // Tabs and line breaks are fine in a value; other control characters are refused.
      const problem = controlCharacterProblem(v, true);
      if (problem && !v.includes("\0")) ctx.addIssue({ code: "custom", message: problem });
    });

const zHhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, msg("templates.hh_mm"));

/** A variable's allowed pattern: a preset, or a regular expression (with a name people read in refusals). */
export const ZVariablePattern = z.union(
  [
    zObject({
      preset: z.enum(PRESET_NAMES, { error: msg("templates.choose_preset_of", { presets: PRESET_NAMES.join(", ") }) }),
    }),
    zObject({
      regex: zText({ min: 1, max: 500, required: msg("templates.regex_required") }).superRefine((regex, ctx) => {
        const problem = regexProblem(regex);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
      name: zText({ max: 60 }).optional(),
    }),
  ],
  { error: msg("templates.preset_or_regex") },
);

export const ZOptionalVariable = zObject({
  name: zVarName,
  label: zText({ max: 100 }).default(""),
  multiple: z.boolean().default(false),
  required: z.boolean().default(true),
  source: z.discriminatedUnion(
    "type",
    [
      zObject({
        type: z.literal("list"),
        options: z
          .array(zText({ min: 1, max: 200, required: msg("templates.option_empty") }))
          .min(1, msg("templates.options_min"))
          .max(500, msg("templates.options_max", { max: 500 })),
      }),
      zObject({
        type: z.literal("http"),
        url: z
          .url({ protocol: /^https?$/, error: msg("templates.http_url") })
          .max(2000, msg("validation.max_chars", { max: 2000 })),
        timeoutMs: z
          .number({ error: msg("templates.timeout_ms") })
          .int()
          .min(100, msg("templates.min_ms", { min: 100 }))
          .max(30_000, msg("templates.max_ms", { max: 30000 }))
          .default(5_000),
      }),
    ],
    { error: msg("templates.options_source") },
  ),
  pattern: ZVariablePattern.nullable().optional(),
}).superRefine((v, ctx) => {
  // Fixed options must fit the variable's own pattern: one that does not could never be submitted.
  if (!v.pattern || v.source.type !== "list") return;
  v.source.options.forEach((option, i) => {
    if (patternRefusal({ name: v.name, label: v.label, pattern: v.pattern }, option))
      ctx.addIssue({
        code: "custom",
        path: ["source", "options", i],
        message: msg("templates.option_pattern", { option, pattern: patternName(v.pattern as never) }),
      });
  });
});

export const ZDeployWindow = zObject({
  days: z.array(z.number().int().min(0).max(6)).min(1, msg("templates.days_min")).max(7, msg("templates.days_max")),
  from: zHhMm,
  to: zHhMm,
}).refine((w) => w.from !== w.to, { message: msg("templates.window_empty"), path: ["to"] });

export const ZCategory = ZTenantInput.extend({
  kind: z.enum(["environment", "purpose"]),
  name: zText({ min: 1, max: 40, required: msg("templates.name_required") }).regex(
    /^[\w .-]+$/,
    msg("templates.category_chars"),
  ),
  idempotencyKey: zIdempotencyKey,
});

export const ZSaveTemplate = ZTenantInput.extend({
  id: z.uuid().optional(),
  name: zText({ min: 1, max: 120, required: msg("templates.name_required") }),
  description: zText({ max: 2000, multiline: true }).default(""),
  environmentId: z.uuid(msg("templates.choose_environment")),
  purposeId: z.uuid(msg("templates.choose_purpose")),
  command: zText({ min: 1, max: 4000, multiline: true, required: msg("templates.command_required") }),
  workdir: zText({ max: 500 })
    .refine((p) => p === "" || p.startsWith("/"), msg("templates.workdir_absolute"))
    .default(""),
  timeoutSeconds: z
    .number()
    .int()
    .min(1, msg("templates.timeout_min"))
    .max(86_400, msg("templates.timeout_max"))
    .default(600),
  submitRoles: z
    .array(zRole)
    .min(1, msg("templates.roles_min"))
    .max(MAX_ROLES, msg("templates.roles_max", { max: MAX_ROLES })),
  requiresApproval: z.boolean(),
  approvalFlowId: z.uuid(msg("templates.choose_flow")).nullable().default(null),
  fourEyes: z.boolean().default(false),
  runPolicy: z.enum(RUN_POLICIES, msg("work-orders.choose_run_policy")).default(DEFAULT_RUN_POLICY),
  deployWindow: ZDeployWindow.nullable().default(null),
  variables: z
    .array(ZOptionalVariable)
    .max(30, msg("templates.variables_max", { max: 30 }))
    .default([]),
  /** Internal variables; a value of null keeps the stored value (values are never sent back). */
  internalVariables: zRecord(zVarName, zProcessValue(4000).nullable(), 30).default({}),
  enabled: z.boolean().default(true),
  idempotencyKey: zIdempotencyKey,
}).superRefine(
  (t, ctx) => {
    // With the rest, in one round: the form shows every problem at once (save-template.ts checks
    // again). It runs even when other fields failed (`when`), so it reads the input defensively.
    const variables = Array.isArray(t.variables) ? t.variables : [];
    const optional = variables.map((v) => (v && typeof v.name === "string" ? v.name : ""));
    const internal =
      t.internalVariables && typeof t.internalVariables === "object" ? Object.keys(t.internalVariables) : [];
    optional.forEach((name, i) => {
      if (name && (optional.indexOf(name) !== i || internal.includes(name)))
        ctx.addIssue({
          code: "custom",
          path: ["variables", i, "name"],
          message: msg("templates.name_twice", { name }),
        });
    });
    const unknown = typeof t.command === "string" ? unknownPlaceholders(t.command, [...optional, ...internal]) : [];
    if (unknown.length)
      ctx.addIssue({
        code: "custom",
        path: ["command"],
        message: msg("templates.undefined_variables", { names: unknown.map((n) => `{${n}}`).join(", ") }),
      });
    if (t.requiresApproval === true && !t.approvalFlowId)
      ctx.addIssue({
        code: "custom",
        path: ["approvalFlowId"],
        message: msg("templates.flow_or_off"),
      });
  },
  { when: () => true },
);
export type TSaveTemplate = z.infer<typeof ZSaveTemplate>;

export const ZSubmitOrder = ZTenantInput.extend({
  templateId: z.uuid(msg("templates.choose_template")),
  title: zText({ max: 200 }).default(""),
  values: zRecord(
    zKey(64),
    z.union([zProcessValue(2000), z.array(zProcessValue(2000)).max(500, msg("templates.values_max", { max: 500 }))], {
      error: msg("templates.value_or_list"),
    }),
    30,
  ).default({}),
  idempotencyKey: zIdempotencyKey,
});
export type TSubmitOrder = z.infer<typeof ZSubmitOrder>;

/** The jump-to palette's search: what was typed, as the lists take it. */
export const ZFindOrders = ZTenantInput.extend({ q: zText({ min: 1, max: 100 }) });

export const ZOrderRef = ZTenantInput.extend({ orderId: z.uuid() });
export const ZExecutionRef = ZTenantInput.extend({ executionId: z.uuid() });
export const ZCategoryRef = ZTenantInput.extend({ id: z.uuid() });
