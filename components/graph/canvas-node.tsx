"use client";

import { Handle, type NodeProps, Position } from "@xyflow/react";
import { Pin } from "lucide-react";
import { useTranslations } from "next-intl";
import { memo } from "react";
import { cn } from "@/components/ui/cn";
import { useSay } from "@/components/ui/use-say";
import type { FlowNode } from "./adapters";
import { useEditor, useNodeIssues } from "./context";
import type { NodeStatusTone, NodeTone } from "./types";

export const TONES: Record<NodeTone, string> = {
  neutral: "border-zinc-300 bg-white",
  start: "border-emerald-400 bg-emerald-50",
  end: "border-zinc-500 bg-zinc-100",
  decision: "border-amber-400 bg-amber-50",
  branch: "border-sky-400 bg-sky-50",
};

/** A node's status mark (nodeStatus): the ring and the word's colours. */
export const STATUS_TONES: Record<NodeStatusTone, { ring: string; pill: string }> = {
  idle: { ring: "ring-zinc-300", pill: "bg-zinc-100 text-zinc-700" },
  active: { ring: "ring-sky-500 animate-pulse", pill: "bg-sky-100 text-sky-800" },
  waiting: { ring: "ring-violet-500", pill: "bg-violet-100 text-violet-800" },
  good: { ring: "ring-emerald-500", pill: "bg-emerald-100 text-emerald-800" },
  bad: { ring: "ring-red-500", pill: "bg-red-100 text-red-800" },
  warn: { ring: "ring-amber-500", pill: "bg-amber-100 text-amber-800" },
  muted: { ring: "ring-zinc-200", pill: "bg-zinc-50 text-zinc-500" },
};

/** Handles spread along an edge of the node: `i` of `n`, as a left offset. */
const spread = (i: number, n: number) => (n <= 1 ? undefined : { left: `${((i + 1) * 100) / (n + 1)}%` });

/**
 * One node on the canvas: its kind, its summary, a badge when it has issues, a pin when placed by
 * hand. Memoised: React Flow hands it the same props while another node is dragged.
 */
function CanvasNodeView({ id, data, selected }: NodeProps<FlowNode>) {
  return <NodeBody id={id} kind={data.type} data={data.data} pinned={data.pinned === true} selected={selected} />;
}

/**
 * What a node shows, memoised on what it shows: React Flow re-renders a node whose position
 * changed (a layout pass moves them all), and none of this depends on the position.
 */
const NodeBody = memo(function NodeBody({
  id,
  kind,
  data,
  pinned,
  selected,
}: {
  id: string;
  kind: string;
  data: unknown;
  pinned: boolean;
  selected: boolean;
}) {
  const { types, registry, nodeStatus } = useEditor();
  const mark = nodeStatus?.(id) ?? null;
  const t = useTranslations("graph");
  const say = useSay();
  const type = types[kind];
  const spec = registry.get(kind);
  const issues = useNodeIssues(id);
  const messages = issues ? issues.split("\n").map(say) : [];
  const summary = type ? type.summary(data) : "";
  return (
    <div
      data-testid={`node-${id}`}
      data-kind={kind}
      data-pinned={pinned ? "true" : undefined}
      data-issues={messages.length || undefined}
      data-status={mark?.tone}
      className={cn(
        "relative w-[200px] rounded-md border-2 px-3 py-2 text-left text-sm shadow-sm",
        TONES[type?.tone ?? "neutral"],
        mark && `ring-4 ${STATUS_TONES[mark.tone].ring}`,
        selected && "ring-2 ring-indigo-500 ring-offset-1",
        messages.length > 0 && "border-red-400",
      )}
    >
      {spec?.inputs.map((h, i) => (
        <Handle
          key={h.id}
          id={h.id}
          type="target"
          position={Position.Top}
          style={spread(i, spec.inputs.length)}
          className="!size-3 !bg-zinc-500"
        />
      ))}
      <div className="flex items-center gap-1 text-xs font-medium uppercase tracking-wide text-zinc-500">
        <span className="truncate">{type?.label ?? kind}</span>
        {pinned ? <Pin aria-label={t("node.pinned")} className="size-3 shrink-0" /> : null}
      </div>
      <div className="truncate font-medium text-zinc-900">{summary || "\u00a0"}</div>
      {mark ? (
        <span
          data-testid={`node-status-${id}`}
          className={cn("mt-1 inline-block rounded-full px-2 py-0.5 text-xs font-medium", STATUS_TONES[mark.tone].pill)}
        >
          {mark.label}
        </span>
      ) : null}
      {messages.length > 0 ? (
        <span
          data-testid={`node-badge-${id}`}
          title={messages.join("\n")}
          className="absolute -top-2 -right-2 flex h-5 min-w-5 items-center justify-center rounded-full bg-red-600 px-1 text-xs font-semibold text-white"
        >
          <span aria-hidden="true">{messages.length}</span>
          <span className="sr-only">{t("node.issues", { count: messages.length, list: messages.join(" ") })}</span>
        </span>
      ) : null}
      {spec?.outputs.map((h, i) => (
        <Handle
          key={h.id}
          id={h.id}
          type="source"
          position={Position.Bottom}
          style={spread(i, spec.outputs.length)}
          className="!size-3 !bg-indigo-500"
        />
      ))}
    </div>
  );
});

export const CanvasNode = memo(CanvasNodeView);

/** Stable (module-level) so React Flow never sees a new nodeTypes object. */
export const NODE_TYPES = { graph: CanvasNode };
