import { getRequestConfig } from "next-intl/server";
import { messagesFor } from "@/lib/i18n/messages";
import { requestLocale } from "@/lib/i18n/request-locale";

/**
 * next-intl's per-request config: the reader's locale (lib/i18n/request-locale.ts) and its
 * messages. No locale in the URL: a link in an email works for every reader. Dates are formatted
 * by lib/format.ts in the tenant's zone, so the zone here only silences next-intl's fallback.
 */
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: messagesFor(locale), timeZone: "UTC" };
});
