import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { type UserCtx, withUser } from "@/db/tenant";
import { hashPassword } from "@/lib/auth/password";
import { LOCK_MINUTES, verifyCredentials } from "@/lib/auth/verify-credentials";
import { SafeError } from "@/lib/errors";
import { msg } from "@/lib/i18n/message";
import { zIdempotencyKey, zPassword } from "@/lib/validation/tenancy";
import { zObject } from "@/lib/validation/text";

/**
 * The profile page's password form: the current password, and the new one twice. The new one
 * follows sign-up's rules (`zPassword`). Passwords are never trimmed: spaces are part of them.
 */
export const ZChangePassword = zObject({
  currentPassword: z
    .string({ error: msg("profile.current_required") })
    .min(1, msg("profile.current_required"))
    .max(200, msg("validation.max_chars", { max: 200 })),
  newPassword: zPassword,
  confirmPassword: z.string({ error: msg("profile.password_mismatch") }).max(200, msg("profile.password_mismatch")),
  idempotencyKey: zIdempotencyKey,
}).refine((v) => v.newPassword === v.confirmPassword, {
  path: ["confirmPassword"],
  error: msg("profile.password_mismatch"),
  // Said in the same round as the other fields' messages.
  when: (payload) => {
    const v = payload.value as { newPassword?: unknown; confirmPassword?: unknown } | undefined;
    return typeof v?.newPassword === "string" && typeof v?.confirmPassword === "string";
  },
});
export type TChangePassword = z.infer<typeof ZChangePassword>;

/**
 * Changes the signed-in user's password once their current one is checked. The check is sign-in's
 * own (verifyCredentials): counted and locked per (email, source address) like sign-in, so a
 * session left open cannot be used to guess the password faster than the sign-in page allows. A
 * wrong current password is refused with nothing written; the new one is stored as an argon2id
 * hash, and no password is ever logged.
 */
export async function changePassword(
  ctx: UserCtx & { userId: string; email: string },
  input: TChangePassword,
): Promise<{ changed: true }> {
  const { currentPassword, newPassword } = ZChangePassword.parse(input);
  const check = await verifyCredentials(ctx.email, currentPassword, { ip: ctx.ip, traceId: ctx.traceId });
  if (check.status === "locked")
    throw new SafeError("auth.locked", { params: { minutes: LOCK_MINUTES }, field: "currentPassword" });
  if (check.status !== "ok" || check.user.id !== ctx.userId)
    throw new SafeError("profile.wrong_password", { field: "currentPassword" });
  if (newPassword === currentPassword) throw new SafeError("profile.same_password", { field: "newPassword" });
  const passwordHash = await hashPassword(newPassword);
  await withUser(ctx, (tx) =>
    tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, ctx.userId)),
  );
  return { changed: true };
}
