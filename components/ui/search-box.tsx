"use client";

import { useEffect, useRef } from "react";

/** Whether a key press happened while the user was typing somewhere (where "/" is a character). */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return Boolean(el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)));
}

/**
 * A list's search field (a GET form's `q`). "/" anywhere on the page, outside a text field,
 * focuses it, as on GitHub and GitLab; Esc in it leaves it.
 */
export function SearchBox(props: {
  name?: string;
  label: string;
  placeholder: string;
  hint: string;
  defaultValue?: string;
}) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      ref.current?.focus();
      ref.current?.select();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium text-zinc-700">{props.label}</span>
      <span className="relative">
        <input
          ref={ref}
          type="search"
          name={props.name ?? "q"}
          defaultValue={props.defaultValue}
          placeholder={props.placeholder}
          aria-keyshortcuts="/"
          maxLength={100}
          onKeyDown={(e) => {
            if (e.key === "Escape") e.currentTarget.blur();
          }}
          className="w-64 rounded-md border border-zinc-300 px-3 py-2 pr-8 text-sm focus:border-indigo-500 focus:outline-none focus:ring-1 focus:ring-indigo-500"
        />
        <kbd
          title={props.hint}
          className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2 rounded border border-zinc-300 px-1 text-xs text-zinc-400"
        >
          /
        </kbd>
      </span>
    </label>
  );
}
