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

/**
 * The counter of a control Field renders through its render prop (a raw `<input>` or
 * `<textarea>` with `maxLength`), found by its id once mounted: its limit and length, re-read
 * after each render (a controlled value) and on input and form reset. Null for a control without
 * a limit, and when `enabled` is false (TextField and TextAreaField count their own).
 */
export function useDetectedCount(id: string, enabled: boolean): { length: number; max: number } | null {
  const [count, setCount] = useState<{ length: number; max: number } | null>(null);
  const read = useCallback(() => {
    const el = enabled ? document.getElementById(id) : null;
    const next =
      (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.maxLength > 0
        ? { length: el.value.length, max: el.maxLength }
        : null;
    setCount((prev) => (prev?.length === next?.length && prev?.max === next?.max ? prev : next));
  }, [id, enabled]);
  // After every render: a controlled control's value changes with its parent's state.
  useEffect(read);
  useEffect(() => {
    const el = enabled ? document.getElementById(id) : null;
    if (!el) return;
    // Read once the event is over: a state update inside the control's own input listener would
    // re-render a controlled control with its old value before React's onChange saw the new one,
    // and the typing would be lost. After a reset the control holds its default again.
    const later = () => setTimeout(read);
    const form = (el as HTMLInputElement).form;
    el.addEventListener("input", later);
    form?.addEventListener("reset", later);
    return () => {
      el.removeEventListener("input", later);
      form?.removeEventListener("reset", later);
    };
  }, [id, enabled, read]);
  return count;
}
