"use client";

import { type KeyboardEvent, type ReactNode, useRef } from "react";
import { cn } from "./cn";

/** A row of tabs: one tab stop, arrow keys (and Home / End) move between them. */
export function TabList<T extends string>({
  label,
  idPrefix,
  panelId,
  items,
  selected,
  onSelect,
  labelOf,
  markOf,
  small,
  className,
}: {
  label: string;
  idPrefix: string;
  panelId: string;
  items: readonly T[];
  selected: T;
  onSelect: (item: T) => void;
  labelOf: (item: T) => string;
  markOf: (item: T) => ReactNode;
  small?: boolean;
  className?: string;
}) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: KeyboardEvent<HTMLButtonElement>, i: number) => {
    const n = items.length;
    const next =
      e.key === "ArrowRight"
        ? (i + 1) % n
        : e.key === "ArrowLeft"
          ? (i - 1 + n) % n
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? n - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    onSelect(items[next] as T);
    tabs.current[next]?.focus();
  };
  return (
    <div role="tablist" aria-label={label} className={cn("flex flex-wrap gap-1 border-b border-zinc-200", className)}>
      {items.map((item, i) => {
        const isSelected = item === selected;
        return (
          <button
            key={item}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-${item}`}
            aria-selected={isSelected}
            aria-controls={panelId}
            tabIndex={isSelected ? 0 : -1}
            onClick={() => onSelect(item)}
            onKeyDown={(e) => onKey(e, i)}
            className={cn(
              "-mb-px flex items-center gap-1.5 border-b-2",
              small ? "px-2.5 py-1.5 text-xs" : "px-3 py-2 text-sm",
              isSelected
                ? "border-indigo-600 font-medium text-indigo-700"
                : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900",
            )}
          >
            {labelOf(item)}
            {markOf(item)}
          </button>
        );
      })}
    </div>
  );
}
