import { z } from "zod";
import { LEVEL_KINDS } from "@/lib/approvals/flow";
import { ZTenantInput, zIdempotencyKey, zRole } from "./tenancy";
import { zObject, zText } from "./text";

/** The most roles a list (who may submit, who approves) names: the built-in four and custom ones. */
export const MAX_ROLES = 50;

export const ZFlowLevel = zObject({
  name: zText({ min: 1, max: 60, required: "Name each level." }),
  kind: z.enum(LEVEL_KINDS, { error: "Choose single, countersign, or-sign or cc." }),
  users: z.array(z.uuid("Choose a member.")).max(50, "At most 50 approvers.").default([]),
  roles: z.array(zRole).max(MAX_ROLES, `At most ${MAX_ROLES} roles.`).default([]),
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
  name: zText({ min: 1, max: 80, required: "Name is required." }),
  description: zText({ max: 500, multiline: true }).default(""),
  levels: z.array(ZFlowLevel).min(1, "Add at least one level.").max(10, "At most 10 levels."),
  idempotencyKey: zIdempotencyKey,
});
export type TSaveFlow = z.infer<typeof ZSaveFlow>;

const zComment = zText({ max: 2000, multiline: true });

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
/** The requester nudges the pending approvers of their order. */
export const ZUrge = ZTenantInput.extend({ orderId: z.uuid() });
