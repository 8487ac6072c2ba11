import { z } from "zod";
import { msg } from "@/lib/i18n/message";
import "./messages";

/**
 * Characters no text field takes: NUL (PostgreSQL text cannot hold it: error 22021, and a process
 * argument cannot carry it) and the other C0 controls and DEL. Tab is allowed everywhere; line
 * breaks only in multi-line text.
 */
function firstControl(value: string, multiline: boolean): number | null {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 9 || (multiline && (c === 10 || c === 13))) continue;
    if (c < 32 || c === 127) return c;
  }
  return null;
}

export const NUL_MESSAGE = msg("validation.nul_byte");

/** Why `value` is not storable text, or null. */
export function controlCharacterProblem(value: string, multiline: boolean): string | null {
  if (value.includes("\0")) return NUL_MESSAGE;
  const found = firstControl(value, multiline);
  if (found === null) return null;
  if (found === 10 || found === 13) return msg("validation.one_line");
  return msg("validation.control_character", { code: found.toString(16).toUpperCase().padStart(4, "0") });
}

type TextOptions = {
  /** Longest accepted length, after trimming. */
  max: number;
  /** Shortest accepted length; with 1, the message is `required` (default "Required."). Messages are msg() strings. */
  min?: number;
  required?: string;
  /** The message under `min` when it is over 1 (default "At least {min} characters."). */
  tooShort?: string;
  /** The message over `max` (default "At most {max} characters."). */
  tooLong?: string;
  /** Line breaks allowed (descriptions, commands, message bodies). */
  multiline?: boolean;
  /** Keep leading and trailing spaces (values handed to commands as they were typed). */
  keepSpaces?: boolean;
};

/**
 * User text, the one way schemas take it: trimmed, refused with a plain message when it holds NUL
 * or other control characters (tab always allowed, line breaks with `multiline`), and length-capped
 * with a message written for people.
 */
export function zText({
  max,
  min = 0,
  required = msg("validation.required"),
  tooShort = msg("validation.min_chars", { min }),
  tooLong = msg("validation.max_chars", { max }),
  multiline = false,
  keepSpaces = false,
}: TextOptions) {
  let s = z.string({ error: msg("validation.enter_text") });
  if (!keepSpaces) s = s.trim();
  if (min > 0) s = s.min(min, min === 1 ? required : tooShort);
  return s.max(max, tooLong).superRefine((value, ctx) => {
    const problem = controlCharacterProblem(value, multiline);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
}

/** Names that would reach an object's prototype when used as a key: refused wherever keys come from the client. */
export const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** A key of a record from the client: a short plain name, never a prototype key. */
export function zKey(max = 64) {
  return z
    .string()
    .max(max, msg("validation.name_max_chars", { max }))
    .refine((k) => !RESERVED_KEYS.has(k), { error: (i) => msg("validation.reserved_name", { name: String(i.input) }) })
    .superRefine((k, ctx) => {
      const problem = controlCharacterProblem(k, false);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });
}

/**
 * A record from the client, capped in size and refusing reserved keys. The check looks at what was
 * sent: zod copies a record into a fresh object, where a `__proto__` key is silently dropped.
 */
export function zRecord<K extends z.core.$ZodRecordKey, V extends z.ZodType>(key: K, value: V, max: number) {
  return z
    .unknown()
    .superRefine((input, ctx) => {
      if (!input || typeof input !== "object" || Array.isArray(input)) return;
      const keys = Object.keys(input);
      if (keys.length > max) ctx.addIssue({ code: "custom", message: msg("validation.max_entries", { max }) });
      for (const k of keys)
        if (RESERVED_KEYS.has(k))
          ctx.addIssue({ code: "custom", message: msg("validation.reserved_name", { name: k }), path: [k] });
    })
    .pipe(z.record(key, value));
}

/** An object from the client: unknown keys are refused by name (messages.ts), never dropped. */
export function zObject<S extends z.core.$ZodLooseShape>(shape: S) {
  return z.strictObject(shape);
}
