import "server-only";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { LOCALES, type Locale } from "./locales";

/** A feature's messages: nested objects of ICU message strings. */
export type Messages = { [key: string]: string | Messages };

/** Where the message files are: `messages/<locale>/<feature>.json`, one namespace per feature. */
export const MESSAGES_DIR = path.join(process.cwd(), "messages");

const loaded = new Map<Locale, Messages>();

/**
 * All messages of a locale, by namespace (the file name: `work-orders.json` is `work-orders`).
 * Read once per process; a feature adds a file, nothing is registered by hand.
 */
export function messagesFor(locale: Locale): Messages {
  let messages = loaded.get(locale);
  if (messages) return messages;
  messages = {};
  const dir = path.join(MESSAGES_DIR, locale);
  for (const file of readdirSync(dir).sort()) {
    if (!file.endsWith(".json")) continue;
    messages[file.slice(0, -".json".length)] = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Messages;
  }
  loaded.set(locale, messages);
  return messages;
}

/** Every locale's messages (the key-parity test, the client provider's pick). */
export function allMessages(): Record<Locale, Messages> {
  return Object.fromEntries(LOCALES.map((l) => [l, messagesFor(l)])) as Record<Locale, Messages>;
}
