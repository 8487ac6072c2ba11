"use client";

import { useTranslations } from "next-intl";
import { type ChangeEvent, type ChangeEventHandler, useCallback, useEffect, useRef, useState } from "react";
import { cn } from "./cn";

/** From this share of the limit on, the counter turns amber. */
export const NEAR_LIMIT = 0.9;

/**
 * "12 / 200" under a field with a limit, turning amber near it. A polite live region: screen
 * readers hear "12 of 200 characters" when typing pauses, not the slash.
 */
export function CharCounter({ count, max }: { count: number; max: number }) {
  const t = useTranslations("ui.counter");
  const near = count >= Math.floor(max * NEAR_LIMIT);
  return (
    <p
      aria-live="polite"
      data-testid="char-counter"
      data-near-limit={near ? "true" : undefined}
      className={cn("shrink-0 text-xs tabular-nums", near ? "font-medium text-amber-600" : "text-zinc-400")}
    >
      <span aria-hidden>{t("visible", { count, max })}</span>
      <span className="sr-only">{t("spoken", { count, max })}</span>
    </p>
  );
}

type Countable = HTMLInputElement | HTMLTextAreaElement;
const lengthOf = (v: unknown) => (v == null ? 0 : String(v).length);

/**
 * The length of a text control's value for its counter: the `value` of a controlled one, else what
 * was typed (from `defaultValue`, each change, what the browser restored, and a form reset).
 * Returns the `ref` and `onChange` to put on the control (the caller's `onChange` still runs).
 */
export function useCharCount<E extends Countable>(props: {
  value?: unknown;
  defaultValue?: unknown;
  onChange?: ChangeEventHandler<E>;
}) {
  const controlled = props.value !== undefined;
  const [typed, setTyped] = useState(() => lengthOf(props.defaultValue));
  const node = useRef<E | null>(null);
  const { onChange } = props;
  useEffect(() => {
    const el = node.current;
    if (!el) return;
    setTyped(el.value.length);
    const form = el.form;
    if (!form) return;
    // After a reset the control holds its default again; the reset event fires before that.
    const onReset = () => setTimeout(() => setTyped(el.value.length));
    form.addEventListener("reset", onReset);
    return () => form.removeEventListener("reset", onReset);
  }, []);
  const handle = useCallback(
    (event: ChangeEvent<E>) => {
      setTyped(event.currentTarget.value.length);
      onChange?.(event);
    },
    [onChange],
  );
  return { length: controlled ? lengthOf(props.value) : typed, ref: node, onChange: handle };
}
