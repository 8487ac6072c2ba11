import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { currentUser } from "@/lib/session";
import { isLocale, type Locale, negotiateLocale } from "./locales";

/** The cookie a signed-out reader's choice is kept in (the sign-in page's switch). */
export const LOCALE_COOKIE = "opsdesk-locale";

/**
 * The language of this request's reader: their profile's, then the signed-out switch's cookie,
 * then the browser's Accept-Language, then English.
 */
export const requestLocale = cache(async (): Promise<Locale> => {
  const user = await currentUser().catch(() => null);
  if (user && isLocale(user.locale)) return user.locale;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return negotiateLocale((await headers()).get("accept-language"));
});
