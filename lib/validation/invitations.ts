import { z } from "zod";
import { ZTenantInput, zEmail, zIdempotencyKey, zName, zPassword } from "./tenancy";

/** An invitation link's token as the link carries it (`<tenant uuid>.<43 base64url chars>`). */
export const zInvitationToken = z
  .string()
  .max(200, "This invitation link is not valid.")
  .regex(/^[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/, "This invitation link is not valid.");

export const ZInvitationRef = ZTenantInput.extend({ invitationId: z.uuid("Unknown invitation.") });

export const ZAcceptInvitation = z.object({ invite: zInvitationToken, idempotencyKey: zIdempotencyKey });

export const ZSignInInvited = z.object({
  email: zEmail,
  password: z.string().min(1, "Enter your password.").max(200, "At most 200 characters."),
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
