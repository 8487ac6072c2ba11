import { z } from "zod";
import { LEVEL_KINDS } from "@/lib/approvals/flow";
import { msg } from "@/lib/i18n/message";
import { ZTenantInput, zIdempotencyKey, zRole } from "./tenancy";
import { zObject, zText } from "./text";

/** The most roles a list (who may submit, who approves) names: the built-in four and custom ones. */
export const MAX_ROLES = 50;

export const ZFlowLevel = zObject({
  name: zText({ min: 1, max: 60, required: msg("approvals.level_name_required") }),
  kind: z.enum(LEVEL_KINDS, { error: msg("approvals.choose_kind") }),
  users: z
    .array(z.uuid(msg("approvals.choose_member")))
    .max(50, msg("approvals.max_approvers", { max: 50 }))
    .default([]),
  roles: z
    .array(zRole)
    .max(MAX_ROLES, msg("approvals.max_roles", { max: MAX_ROLES }))
    .default([]),
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
  name: zText({ min: 1, max: 80, required: msg("approvals.flow_name_required") }),
  description: zText({ max: 500, multiline: true }).default(""),
  levels: z
    .array(ZFlowLevel)
    .min(1, msg("approvals.min_levels"))
    .max(10, msg("approvals.max_levels", { max: 10 })),
  idempotencyKey: zIdempotencyKey,
});
export type TSaveFlow = z.infer<typeof ZSaveFlow>;

const zComment = zText({ max: 2000, multiline: true });

export const ZApprove = ZTenantInput.extend({ orderId: z.uuid(), comment: zComment.default("") });
export const ZReject = ZTenantInput.extend({
  orderId: z.uuid(),
  reason: zComment.min(1, msg("approvals.reason_required")),
});
export const ZTransfer = ZTenantInput.extend({
  orderId: z.uuid(),
  toUserId: z.uuid(msg("approvals.choose_member")),
  comment: zComment.default(""),
});
export const ZAddApprover = ZTransfer;
/** The requester nudges the pending approvers of their order. */
export const ZUrge = ZTenantInput.extend({ orderId: z.uuid() });
