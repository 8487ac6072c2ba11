import { z } from "zod";
import { msg } from "@/lib/i18n/message";
import { ZTenantInput, zEmail, zIdempotencyKey, zName, zPassword } from "./tenancy";

/** An invitation link's token as the link carries it (`<tenant uuid>.<43 base64url chars>`). */
export const zInvitationToken = z
  .string()
  .max(200, msg("auth.invitation_invalid"))
  .regex(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/, msg("auth.invitation_invalid"));

export const ZInvitationRef = ZTenantInput.extend({ invitationId: z.uuid(msg("auth.unknown_invitation")) });

export const ZAcceptInvitation = z.object({ invite: zInvitationToken, idempotencyKey: zIdempotencyKey });

export const ZSignInInvited = z.object({
  email: zEmail,
  password: z.string().min(1, msg("auth.password_required")).max(200, msg("auth.max_200")),
  invite: zInvitationToken,
  idempotencyKey: zIdempotencyKey,
});

export const ZSignUpInvited = z.object({
  name: zName,
  email: zEmail,
  password: zPassword,
  invite: zInvitationToken,
  idempotencyKey: zIdempotencyKey,
});
