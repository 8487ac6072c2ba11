import { z } from "zod";
import { unknownPlaceholders } from "@/lib/work-orders/command";
import { PRESET_NAMES, patternName, patternRefusal, regexProblem } from "@/lib/work-orders/patterns";
import { MAX_ROLES } from "./approvals";
import { ZTenantInput, zIdempotencyKey, zRole } from "./tenancy";
import { controlCharacterProblem, RESERVED_KEYS, zKey, zObject, zRecord, zText } from "./text";

const zVarName = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "Variable names are letters, digits and _ (not starting with a digit).")
  .refine((n) => !RESERVED_KEYS.has(n), { error: (i) => `"${String(i.input)}" is a reserved name.` });

/**
 * A value handed to a command (as an environment variable): a process's arguments and environment
 * are C strings, so a NUL byte cannot be passed (spawn refuses it) and is refused here, by name.
 */
const zProcessValue = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters.`)
    .refine((v) => !v.includes("\0"), "This value contains a NUL byte (\\0), which a command cannot receive.")
    .superRefine((v, ctx) => {
      // Tabs and line breaks are fine in a value; other control characters are refused.
      const problem = controlCharacterProblem(v, true);
      if (problem && !v.includes("\0")) ctx.addIssue({ code: "custom", message: problem });
    });

const zHhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM (24-hour).");

/** A variable's allowed pattern: a preset, or a regular expression (with a name people read in refusals). */
export const ZVariablePattern = z.union(
  [
    zObject({ preset: z.enum(PRESET_NAMES, { error: `Choose one of the presets: ${PRESET_NAMES.join(", ")}.` }) }),
    zObject({
      regex: zText({ min: 1, max: 500, required: "Write the regular expression, or choose a preset." }).superRefine(
        (regex, ctx) => {
          const problem = regexProblem(regex);
          if (problem) ctx.addIssue({ code: "custom", message: problem });
        },
      ),
      name: zText({ max: 60 }).optional(),
    }),
  ],
  { error: "Choose a preset or write a regular expression." },
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
          .array(zText({ min: 1, max: 200, required: "Options cannot be empty." }))
          .min(1, "Give at least one option.")
          .max(500, "At most 500 options."),
      }),
      zObject({
        type: z.literal("http"),
        url: z.url({ protocol: /^https?$/, error: "Use an http(s) URL." }).max(2000, "At most 2000 characters."),
        timeoutMs: z
          .number({ error: "Enter a timeout in milliseconds." })
          .int()
          .min(100, "At least 100 ms.")
          .max(30_000, "At most 30,000 ms.")
          .default(5_000),
      }),
    ],
    { error: "Choose where the options come from: a fixed list or an HTTP URL." },
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
        message: `"${option}" does not match the allowed pattern (${patternName(v.pattern as never)}).`,
      });
  });
});

export const ZDeployWindow = zObject({
  days: z.array(z.number().int().min(0).max(6)).min(1, "Pick at least one day.").max(7, "At most 7 days."),
  from: zHhMm,
  to: zHhMm,
}).refine((w) => w.from !== w.to, { message: "The window must not start and end at the same time.", path: ["to"] });

export const ZCategory = ZTenantInput.extend({
  kind: z.enum(["environment", "purpose"]),
  name: zText({ min: 1, max: 40, required: "Name is required." }).regex(
    /^[\w .-]+$/,
    "Letters, digits, spaces, . _ and - only.",
  ),
  idempotencyKey: zIdempotencyKey,
});

export const ZSaveTemplate = ZTenantInput.extend({
  id: z.uuid().optional(),
  name: zText({ min: 1, max: 120, required: "Name is required." }),
  description: zText({ max: 2000, multiline: true }).default(""),
  environmentId: z.uuid("Choose an environment."),
  purposeId: z.uuid("Choose a purpose."),
  command: zText({ min: 1, max: 4000, multiline: true, required: "The command is required." }),
  workdir: zText({ max: 500 })
    .refine((p) => p === "" || p.startsWith("/"), "Use an absolute path, or leave empty for a fresh temporary folder.")
    .default(""),
  timeoutSeconds: z.number().int().min(1, "At least 1 second.").max(86_400, "At most 24 hours.").default(600),
  submitRoles: z
    .array(zRole)
    .min(1, "At least one role must be allowed to submit.")
    .max(MAX_ROLES, `At most ${MAX_ROLES} roles.`),
  requiresApproval: z.boolean(),
  approvalFlowId: z.uuid("Choose the approval flow.").nullable().default(null),
  fourEyes: z.boolean().default(false),
  deployWindow: ZDeployWindow.nullable().default(null),
  variables: z.array(ZOptionalVariable).max(30, "At most 30 variables.").default([]),
  /** Internal variables; a value of null keeps the stored value (values are never sent back). */
  internalVariables: zRecord(zVarName, zProcessValue(4000).nullable(), 30).default({}),
  enabled: z.boolean().default(true),
  idempotencyKey: zIdempotencyKey,
}).superRefine((t, ctx) => {
  // With the rest, in one round: the form shows every problem at once (save-template.ts checks again).
  const optional = t.variables.map((v) => v.name);
  const internal = Object.keys(t.internalVariables);
  optional.forEach((name, i) => {
    if (optional.indexOf(name) !== i || internal.includes(name))
      ctx.addIssue({ code: "custom", path: ["variables", i, "name"], message: `The name "${name}" is used twice.` });
  });
  const unknown = unknownPlaceholders(t.command, [...optional, ...internal]);
  if (unknown.length)
    ctx.addIssue({
      code: "custom",
      path: ["command"],
      message: `The command uses undefined variables: ${unknown.map((n) => `{${n}}`).join(", ")}.`,
    });
  if (t.requiresApproval && !t.approvalFlowId)
    ctx.addIssue({
      code: "custom",
      path: ["approvalFlowId"],
      message: "Choose the approval flow, or turn approval off.",
    });
});
export type TSaveTemplate = z.infer<typeof ZSaveTemplate>;

export const ZSubmitOrder = ZTenantInput.extend({
  templateId: z.uuid("Choose a template."),
  title: zText({ max: 200 }).default(""),
  values: zRecord(
    zKey(64),
    z.union([zProcessValue(2000), z.array(zProcessValue(2000)).max(500, "At most 500 values.")], {
      error: "Choose a value, or a list of values.",
    }),
    30,
  ).default({}),
  idempotencyKey: zIdempotencyKey,
});
export type TSubmitOrder = z.infer<typeof ZSubmitOrder>;

export const ZOrderRef = ZTenantInput.extend({ orderId: z.uuid() });
export const ZExecutionRef = ZTenantInput.extend({ executionId: z.uuid() });
export const ZCategoryRef = ZTenantInput.extend({ id: z.uuid() });
