"use client";

import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { TONES } from "./canvas-node";
import { useEditor } from "./context";

/** The drag payload's type: a node kind dragged from the palette onto the canvas. */
export const PALETTE_MIME = "application/x-opsdesk-graph-node";

/**
 * The kinds a user may add. Each is a button: drag it onto the canvas, or press it (Enter) to add
 * the node after the selected one (spliced into its single outgoing edge), so a chain is built by
 * keyboard too.
 */
export function Palette({ onAdd, disabled }: { onAdd: (kind: string) => void; disabled: boolean }) {
  const t = useTranslations("graph");
  const { types } = useEditor();
  const kinds = Object.entries(types).filter(([, type]) => type.palette);
  return (
    <nav aria-label={t("palette.title")} className="flex flex-col gap-2">
      <h3 className="text-xs font-medium uppercase tracking-wide text-zinc-500">{t("palette.title")}</h3>
      <ul className="flex flex-wrap gap-2 md:flex-col">
        {kinds.map(([kind, type]) => (
          <li key={kind}>
            <button
              type="button"
              data-testid={`palette-${kind}`}
              disabled={disabled}
              draggable={!disabled}
              onDragStart={(e) => {
                e.dataTransfer.setData(PALETTE_MIME, kind);
                e.dataTransfer.effectAllowed = "move";
              }}
              onClick={() => onAdd(kind)}
              title={t("palette.hint")}
              className={cn(
                "w-full cursor-grab rounded-md border-2 px-3 py-1.5 text-left text-sm font-medium text-zinc-800 hover:shadow disabled:cursor-not-allowed disabled:opacity-50",
                TONES[type.tone ?? "neutral"],
              )}
            >
              {type.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
