import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "use-intl/core";

type Messages = { [key: string]: string | Messages };

/**
 * The app's own text in a locale, for specs that drive a page in that language: the same
 * message files the server renders (messages/<locale>/<feature>.json), so a spec asserts what the
 * reader sees without copying wording. `text("zh-CN")("auth.signup.submit")`.
 */
export function text(locale: "en" | "zh-CN"): (key: string, values?: Record<string, string | number>) => string {
  const dir = path.join(process.cwd(), "messages", locale);
  const messages: Messages = {};
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")))
    messages[file.slice(0, -".json".length)] = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Messages;
  const t = createTranslator({ locale, messages, timeZone: "UTC" });
  return (key, values) => {
    if (!t.has(key as never)) throw new Error(`no message ${key} in ${locale}`);
    return (t as unknown as (k: string, v?: Record<string, string | number>) => string)(key, values);
  };
}
