import { z } from "zod";
import { LEVEL_KINDS } from "@/lib/approvals/flow";
import { ROLES } from "@/lib/roles";
import { ZTenantInput, zIdempotencyKey } from "./tenancy";

const zVarName = z
  .string()
  .trim()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, "Variable names are letters, digits and _ (not starting with a digit).");

/**
 * A value handed to a command (as an environment variable): a process's arguments and environment
 * are C strings, so a NUL byte cannot be passed (spawn refuses it) and is refused here, by name.
 */
const zProcessValue = (max: number) =>
  z
    .string()
    .max(max, `At most ${max} characters.`)
    .refine((v) => !v.includes("\0"), "This value contains a NUL byte (\\0), which a command cannot receive.");

const zHhMm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "Use HH:MM (24-hour).");

export const ZOptionalVariable = z.object({
  name: zVarName,
  label: z.string().trim().max(100).default(""),
  multiple: z.boolean().default(false),
  required: z.boolean().default(true),
  source: z.discriminatedUnion("type", [
    z.object({
      type: z.literal("list"),
      options: z
        .array(z.string().trim().min(1).max(200))
        .min(1, "Give at least one option.")
        .max(500, "At most 500 options."),
    }),
    z.object({
      type: z.literal("http"),
      url: z.url({ protocol: /^https?$/, error: "Use an http(s) URL." }),
      timeoutMs: z.number().int().min(100).max(30_000).default(5_000),
    }),
  ]),
});

export const ZDeployWindow = z
  .object({
    days: z.array(z.number().int().min(0).max(6)).min(1, "Pick at least one day."),
    from: zHhMm,
    to: zHhMm,
  })
  .refine((w) => w.from !== w.to, { message: "The window must not start and end at the same time.", path: ["to"] });

export const ZCategory = ZTenantInput.extend({
  kind: z.enum(["environment", "purpose"]),
  name: z
    .string()
    .trim()
    .min(1, "Name is required.")
    .max(40, "At most 40 characters.")
    .regex(/^[\w .-]+$/, "Letters, digits, spaces, . _ and - only."),
  idempotencyKey: zIdempotencyKey,
});

export const ZFlowLevel = z.object({
  name: z.string().trim().min(1, "Name each level.").max(60),
  kind: z.enum(LEVEL_KINDS, { error: "Choose single, countersign, or-sign or cc." }),
  users: z.array(z.uuid()).max(50).default([]),
  roles: z.array(z.enum(ROLES)).default([]),
  timeoutHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .nullable()
    .default(null),
});

export const ZSaveFlow = ZTenantInput.extend({
  id: z.uuid().optional(),
  name: z.string().trim().min(1, "Name is required.").max(80),
  description: z.string().trim().max(500).default(""),
  levels: z.array(ZFlowLevel).min(1, "Add at least one level.").max(10, "At most 10 levels."),
  idempotencyKey: zIdempotencyKey,
});
export type TSaveFlow = z.infer<typeof ZSaveFlow>;

export const ZSaveTemplate = ZTenantInput.extend({
  id: z.uuid().optional(),
  name: z.string().trim().min(1, "Name is required.").max(120),
  description: z.string().trim().max(2000).default(""),
  environmentId: z.uuid("Choose an environment."),
  purposeId: z.uuid("Choose a purpose."),
  command: z.string().trim().min(1, "The command is required.").max(4000, "At most 4000 characters."),
  workdir: z
    .string()
    .trim()
    .max(500)
    .refine((p) => p === "" || p.startsWith("/"), "Use an absolute path, or leave empty for a fresh temporary folder.")
    .default(""),
  timeoutSeconds: z.number().int().min(1, "At least 1 second.").max(86_400, "At most 24 hours.").default(600),
  submitRoles: z.array(z.enum(ROLES)).min(1, "At least one role must be allowed to submit."),
  requiresApproval: z.boolean(),
  approvalFlowId: z.uuid().nullable().default(null),
  fourEyes: z.boolean().default(false),
  deployWindow: ZDeployWindow.nullable().default(null),
  variables: z.array(ZOptionalVariable).max(30).default([]),
  /** Internal variables; a value of null keeps the stored value (values are never sent back). */
  internalVariables: z.record(zVarName, zProcessValue(4000).nullable()).default({}),
  enabled: z.boolean().default(true),
  idempotencyKey: zIdempotencyKey,
});
export type TSaveTemplate = z.infer<typeof ZSaveTemplate>;

export const ZSubmitOrder = ZTenantInput.extend({
  templateId: z.uuid("Choose a template."),
  title: z.string().trim().max(200).default(""),
  values: z.record(z.string(), z.union([zProcessValue(2000), z.array(zProcessValue(2000)).max(500)])).default({}),
  idempotencyKey: zIdempotencyKey,
});
export type TSubmitOrder = z.infer<typeof ZSubmitOrder>;

const zComment = z.string().trim().max(2000, "At most 2000 characters.");

export const ZApprove = ZTenantInput.extend({ orderId: z.uuid(), comment: zComment.default("") });
export const ZReject = ZTenantInput.extend({
  orderId: z.uuid(),
  reason: zComment.min(1, "A rejection needs a reason."),
});
export const ZTransfer = ZTenantInput.extend({
  orderId: z.uuid(),
  toUserId: z.uuid("Choose a member."),
  comment: zComment.default(""),
});
export const ZAddApprover = ZTransfer;
export const ZOrderRef = ZTenantInput.extend({ orderId: z.uuid() });
export const ZExecutionRef = ZTenantInput.extend({ executionId: z.uuid() });
export const ZCategoryRef = ZTenantInput.extend({ id: z.uuid() });
