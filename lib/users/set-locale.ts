import "server-only";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { users } from "@/db/schema";
import { type UserCtx, withUser } from "@/db/tenant";
import { SafeError } from "@/lib/errors";
import { LOCALES, type Locale } from "@/lib/i18n/locales";
import { msg } from "@/lib/i18n/message";
import { zObject } from "@/lib/validation/text";

/** A language we serve: one of ours, nothing else. */
export const zLocale = z.enum(LOCALES, { error: msg("shell.unknown_locale") });

/** The language a user chose in the user menu (or on the profile page). */
export const ZSetLocale = zObject({ locale: zLocale });

/**
 * Saves the language pages, emails and notifications reach the signed-in user in
 * (`users.locale`). A locale we do not serve is refused and nothing is written.
 */
export async function setLocale(ctx: UserCtx & { userId: string }, input: unknown): Promise<{ locale: Locale }> {
  const parsed = ZSetLocale.safeParse(input);
  if (!parsed.success) throw new SafeError("shell.unknown_locale", { field: "locale" });
  const { locale } = parsed.data;
  await withUser(ctx, (tx) => tx.update(users).set({ locale, updatedAt: new Date() }).where(eq(users.id, ctx.userId)));
  return { locale };
}
