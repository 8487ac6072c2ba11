"use client";

import { useTranslations } from "next-intl";
import { useCallback } from "react";
import { parseMsg } from "@/lib/i18n/message";

type Values = Record<string, string | number | Date>;
type T = (key: string, values?: Values) => string;

/** A `msg()` string's text in the reader's language (parameters that are msg() strings too); plain text as it is. */
export function sayWith(t: T, text: string): string {
  const ref = parseMsg(text);
  if (!ref) return text;
  const values: Values = {};
  for (const [k, v] of Object.entries(ref.params ?? {}))
    values[k] = typeof v === "string" && parseMsg(v) ? sayWith(t, v) : v;
  const code = ref.code ?? "";
  const dot = code.indexOf(".");
  const key = ref.key ?? `${code.slice(0, dot)}.errors.${code.slice(dot + 1)}`;
  return t(key, values);
}

/**
 * The client side of `renderStored`: a GraphIssue's message, a `canConnect` reason or a schedule's refusal (`msg()`
 * codes such as `graph.cycle`) as text in the reader's language.
 */
export function useSay(): (text: string) => string {
  const t = useTranslations() as unknown as T;
  return useCallback((text: string) => sayWith(t, text), [t]);
}
