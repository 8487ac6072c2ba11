import "server-only";
// next-intl's own core (the same package next-intl re-exports), importable with no React around:
// plain-Node scripts and the runner's child processes load this module too.
import { createTranslator } from "use-intl/core";
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
 * Text stored for people to read later (an execution's error, an audit value): a `msg()` string is
 * rendered in the reader's language, anything else is shown as it was stored.
 */
export function renderStored(locale: Locale | string | null | undefined, text: string): string {
  return parseMsg(text) ? renderMessage(locale, text) : text;
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
