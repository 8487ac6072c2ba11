import "server-only";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import { users } from "@/db/schema";
import { type UserCtx, withUser } from "@/db/tenant";
import type { Locale } from "@/lib/i18n/locales";
import { zIdempotencyKey, zName } from "@/lib/validation/tenancy";
import { zObject } from "@/lib/validation/text";
import { zLocale } from "./set-locale";

/** The profile page's first form: the name others see, and the language pages and emails reach us in. */
export const ZUpdateProfile = zObject({ name: zName, locale: zLocale, idempotencyKey: zIdempotencyKey });
export type TUpdateProfile = z.infer<typeof ZUpdateProfile>;

/**
 * Saves the signed-in user's display name and language (one of ours, as the user menu's switch
 * checks it: lib/users/set-locale.ts) in one write. Input that fails the schema is refused before
 * anything is written.
 */
export async function updateProfile(
  ctx: UserCtx & { userId: string },
  input: TUpdateProfile,
): Promise<{ name: string; locale: Locale }> {
  const { name, locale } = ZUpdateProfile.parse(input);
  await withUser(ctx, (tx) =>
    tx.update(users).set({ name, locale, updatedAt: new Date() }).where(eq(users.id, ctx.userId)),
  );
  return { name, locale };
}
