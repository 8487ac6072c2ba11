import "server-only";
import { cookies, headers } from "next/headers";
import { cache } from "react";
import { linkRecipientLocale } from "@/lib/approvals/link-locale";
import { PATH_HEADER } from "@/lib/auth/return-to";
import { currentUser } from "@/lib/session";
import { isLocale, type Locale, negotiateLocale } from "./locales";

/** The cookie a signed-out reader's choice is kept in (the sign-in page's switch). */
export const LOCALE_COOKIE = "opsdesk-locale";

/**
 * The language of this request's reader: their profile's, then the signed-out switch's cookie,
 * then the browser's Accept-Language, then English. An emailed approval link's page (and its
 * confirm step) speaks its recipient's language first: the approver's profile's, when set.
 */
export const requestLocale = cache(async (): Promise<Locale> => {
  const linked = await linkRecipientLocale((await headers()).get(PATH_HEADER)).catch(() => null);
  if (linked) return linked;
  const user = await currentUser().catch(() => null);
  if (user && isLocale(user.locale)) return user.locale;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return negotiateLocale((await headers()).get("accept-language"));
});
