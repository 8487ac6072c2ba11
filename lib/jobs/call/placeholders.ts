import "server-only";
import { msg } from "@/lib/i18n/message";
import type { JobConfig } from "@/lib/jobs/catalog";
import { MASK, placeholders } from "@/lib/work-orders/command";
import type { JobCall } from "./types";

/** `{Name}`, the syntax of work-order commands (lib/work-orders/command.ts): `${NAME}` and `{print $1}` are not placeholders. */
const PLACEHOLDER = /(?<!\$)\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

type Values = Pick<JobCall, "params" | "secrets">;

/** A placeholder's value: the run's parameter of that name, else the job's secret; undefined when neither. */
export function placeholderValue(values: Values, name: string): string | undefined {
  if (Object.hasOwn(values.params, name)) return values.params[name];
  if (Object.hasOwn(values.secrets, name)) return values.secrets[name];
  return undefined;
}

/** The texts of a config whose `{Name}`s are resolved (an SQL query is used as written: only its parameters). */
function resolvedTexts(config: JobConfig): string[] {
  if (config.type === "http") return [config.url, ...Object.values(config.headers), config.body];
  if (config.type === "shell") return [config.command];
  return config.params;
}

/** The failure of a call whose config names a placeholder no parameter or secret fills (a `msg()` naming it), or null. */
export function unknownPlaceholder(call: JobCall): string | null {
  for (const text of resolvedTexts(call.config))
    for (const name of placeholders(text))
      if (placeholderValue(call, name) === undefined) return msg("jobs.call.unknown_placeholder", { name });
  return null;
}

/** `text` with each `{Name}` replaced by its value, through `encode` (a URL's encodeURIComponent). Unknown ones stay as written. */
export function fill(text: string, values: Values, encode: (value: string) => string = (v) => v): string {
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = placeholderValue(values, name);
    return value === undefined ? whole : encode(value);
  });
}

/**
 * Hides the job's secrets in what is stored (output lines, errors, response bodies and headers,
 * result rows): each value, in the forms it is written in there, becomes MASK. Values shorter than 4
 * characters are left alone, as in work-order output (masking every "1" would garble everything).
 */
export function masker(secrets: Record<string, string>): (text: string) => string {
  const hidden = [
    ...new Set(
      Object.values(secrets)
        .filter((v) => v.length >= 4)
        // As written, URL-encoded (a URL's placeholder), and JSON-escaped (inside a `msg()` error's parameters).
        .flatMap((v) => [v, encodeURIComponent(v), JSON.stringify(v).slice(1, -1)]),
    ),
  ].sort((a, b) => b.length - a.length);
  if (hidden.length === 0) return (text) => text;
  return (text) => hidden.reduce((out, secret) => out.split(secret).join(MASK), text);
}
