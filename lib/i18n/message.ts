/**
 * A message that is rendered later, in the reader's language: a code (`<namespace>.<key>`, whose
 * text is `errors.<key>` in `messages/<locale>/<namespace>.json`) and its parameters. Schemas are
 * built once, with no request around them, so a zod message is a descriptor (`msg(code, params)`),
 * turned into text where the reader is known (lib/validation/readable-errors.ts, SafeError).
 * Client-safe: no server imports.
 */
export type MessageParams = Record<string, string | number | Date>;
/** `code` is an error code (text at `<ns>.errors.<key>`); `key` is any message key ("permissions.labels.runs_rerun"). */
export type MessageRef = { code?: string; key?: string; params?: MessageParams };

const MARK = "\u2063msg:";

/** A stable code: `namespace.key`, lower case, `_` and `-` inside words ("work-orders.already_ran"). */
export const CODE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9_]*)+$/;

/** A zod message (or a parameter of another message) that names a code instead of text. */
export function msg(code: string, params?: MessageParams): string {
  return MARK + JSON.stringify(params ? { code, params } : { code });
}

/** Any message by its full key, as a parameter of another message (a status, a permission's label). */
export function msgKey(key: string, params?: MessageParams): string {
  return MARK + JSON.stringify(params ? { key, params } : { key });
}

/** The code and parameters of a `msg()` string, or null for plain text. */
export function parseMsg(text: unknown): MessageRef | null {
  if (typeof text !== "string" || !text.startsWith(MARK)) return null;
  try {
    const ref = JSON.parse(text.slice(MARK.length)) as MessageRef;
    return typeof ref.code === "string" || typeof ref.key === "string" ? ref : null;
  } catch {
    return null;
  }
}
