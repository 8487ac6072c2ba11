import "server-only";
import { createTranslator } from "next-intl";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./locales";
import { CODE, type MessageParams, parseMsg } from "./message";
import { messagesFor } from "./messages";

/** A translator with keys as plain strings (the messages are read from disk, so they are not typed). */
export type Translator = {
  (key: string, values?: Record<string, string | number | Date>): string;
  has(key: string): boolean;
};
const translators = new Map<Locale, Translator>();

/**
 * The translator of a locale outside React (emails, channel messages, errors, Inngest functions):
 * `t("approvals.email.subject", {number: 12})`. A missing key is logged and shows its own name,
 * never throws: the key-parity test keeps that from shipping.
 */
export function translator(locale: Locale | string | null | undefined): Translator {
  const l: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  let t = translators.get(l);
  if (!t) {
    t = createTranslator({
      locale: l,
      messages: messagesFor(l) as Record<string, unknown>,
      timeZone: "UTC",
      onError: (error) => console.error(`[i18n] ${l}: ${error.message}`),
      getMessageFallback: ({ namespace, key }) => [namespace, key].filter(Boolean).join("."),
    }) as unknown as Translator;
    translators.set(l, t);
  }
  return t;
}

/** The key of an error code's text: `work-orders.already_ran` is `work-orders.errors.already_ran`. */
export function errorKey(code: string): string {
  const dot = code.indexOf(".");
  return `${code.slice(0, dot)}.errors.${code.slice(dot + 1)}`;
}

/**
 * An error code (or a `msg()` string, or plain text) as text in `locale`. Parameters that are
 * `msg()`/`msgKey()` strings are rendered first ("Level 2 (Ops): {problem}"); any other parameter
 * is shown as it is, even one that looks like a code (a name such as "alice.smith").
 */
export function renderMessage(
  locale: Locale | string | null | undefined,
  text: string,
  params?: MessageParams,
): string {
  const ref = parseMsg(text) ?? (CODE.test(text) ? { code: text, params } : null);
  if (!ref) return text;
  const values: Record<string, string | number | Date> = {};
  for (const [k, v] of Object.entries(ref.params ?? {}))
    values[k] = typeof v === "string" && parseMsg(v) ? renderMessage(locale, v) : v;
  return translator(locale)(ref.key ?? errorKey(ref.code as string), values);
}
