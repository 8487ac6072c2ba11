"use client";

import { useTranslations } from "next-intl";
import { type Ref, useState } from "react";
import { Button } from "@/components/ui/button";
import { useSay } from "@/components/ui/use-say";
import type { Graph, GraphEdge, GraphNode } from "@/lib/graph/types";
import { useEditor, useEditorState, useNodeIssues, useStructure } from "./context";
import { connect, present, removeEdge, unpin, updateData } from "./store";
import type { CanvasNodeType } from "./types";

/** Where the node is now (its own subscription: it changes on every frame of a drag). */
function NodePosition({ id }: { id: string }) {
  const position = useEditorState((s) => present(s).nodes.find((n) => n.id === id)?.position);
  return position ? (
    <span className="tabular-nums">
      ({position.x}, {position.y})
    </span>
  ) : null;
}

/** How a node is named in lists and selects: its kind, then its summary (or its id). */
export function nodeName(
  // biome-ignore lint/suspicious/noExplicitAny: heterogeneous kinds.
  types: Record<string, CanvasNodeType<any>>,
  node: GraphNode | undefined,
): string {
  if (!node) return "";
  const type = types[node.type];
  const summary = type?.summary(node.data) ?? "";
  return `${type?.label ?? node.type}${summary ? ` · ${summary}` : ""} (${node.id})`;
}

/**
 * The selected node's panel: the kind's own Inspector, then the generic parts every kind has:
 * its issues, its connections (outgoing ones removable, and a "connect to" select, so edges are
 * made by keyboard too), its placement (unpin), and delete.
 */
export function Inspector({
  nodeId,
  headingRef,
  onDelete,
  onClose,
  edgeLabel,
  editable,
}: {
  nodeId: string;
  headingRef: Ref<HTMLHeadingElement>;
  onDelete: () => void;
  onClose: () => void;
  edgeLabel?: (edge: GraphEdge, graph: Graph) => string | null;
  /** False on a read-only editor. */
  editable: boolean;
}) {
  const t = useTranslations("graph");
  const say = useSay();
  const { store, types, registry } = useEditor();
  const graph = useStructure();
  const node = graph.nodes.find((n) => n.id === nodeId);
  const issues = useNodeIssues(nodeId);
  const [target, setTarget] = useState("");
  if (!node) return null;
  const type = types[node.type];
  const TypeInspector = type?.Inspector;
  const outgoing = graph.edges.filter((e) => e.source === node.id);
  const incoming = graph.edges.filter((e) => e.target === node.id);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const others = graph.nodes.filter((n) => n.id !== node.id && (registry.get(n.type)?.inputs.length ?? 0) > 0);
  const canLeave = (registry.get(node.type)?.outputs.length ?? 0) > 0;
  const messages = issues ? issues.split("\n").map(say) : [];

  return (
    <section
      aria-labelledby={`graph-inspector-${node.id}`}
      data-testid="graph-inspector"
      className="flex flex-col gap-4 text-sm"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="flex items-start justify-between gap-2">
        <h3 id={`graph-inspector-${node.id}`} ref={headingRef} tabIndex={-1} className="font-semibold outline-none">
          {type?.label ?? node.type} <span className="font-normal text-zinc-500">({node.id})</span>
        </h3>
        <Button variant="ghost" size="sm" onClick={onClose} aria-keyshortcuts="Escape">
          {t("inspector.close")}
        </Button>
      </div>

      {messages.length > 0 ? (
        <ul className="list-disc space-y-1 pl-5 text-red-700" aria-label={t("inspector.issues")}>
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      ) : null}

      {TypeInspector ? (
        <TypeInspector
          node={node}
          graph={graph}
          readOnly={!editable}
          onChange={(data) => store.set((s) => updateData(s, node.id, data))}
        />
      ) : null}

      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 font-medium">{t("inspector.connections")}</legend>
        {outgoing.length === 0 ? <p className="text-zinc-500">{t("inspector.no_outgoing")}</p> : null}
        <ul className="flex flex-col gap-1" aria-label={t("inspector.outgoing")}>
          {outgoing.map((edge) => {
            const label = edgeLabel?.(edge, graph);
            const name = nodeName(types, byId.get(edge.target));
            return (
              <li key={edge.id} data-testid={`edge-${edge.id}`} className="flex items-center justify-between gap-2">
                <span className="min-w-0 truncate">
                  → {name}
                  {label ? <span className="ml-1 text-zinc-500">[{label}]</span> : null}
                </span>
                {editable ? (
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={t("inspector.remove_edge", { target: name })}
                    onClick={() => store.set((s) => removeEdge(s, edge.id))}
                  >
                    {t("inspector.remove")}
                  </Button>
                ) : null}
              </li>
            );
          })}
        </ul>
        {incoming.length > 0 ? (
          <p className="text-zinc-500">
            {t("inspector.incoming", { list: incoming.map((e) => nodeName(types, byId.get(e.source))).join(", ") })}
          </p>
        ) : null}
        {editable && canLeave ? (
          <div className="flex flex-wrap items-end gap-2">
            <label className="flex min-w-0 flex-1 flex-col gap-1">
              <span className="text-xs text-zinc-600">{t("inspector.connect_to")}</span>
              <select
                value={target}
                onChange={(e) => setTarget(e.target.value)}
                data-testid="graph-connect-select"
                className="min-w-0 rounded-md border border-zinc-300 px-2 py-1.5 text-sm"
              >
                <option value="">{t("inspector.choose_node")}</option>
                {others.map((n) => (
                  <option key={n.id} value={n.id}>
                    {nodeName(types, n)}
                  </option>
                ))}
              </select>
            </label>
            <Button
              variant="secondary"
              size="sm"
              disabled={!target}
              data-testid="graph-connect"
              onClick={() => {
                store.set((s) => connect(s, registry, { source: node.id, target }));
                setTarget("");
              }}
            >
              {t("inspector.connect")}
            </Button>
          </div>
        ) : null}
      </fieldset>

      <div className="flex flex-col gap-2">
        <p className="text-zinc-600">
          {node.pinned ? t("inspector.pinned") : t("inspector.unpinned")} <NodePosition id={node.id} />
        </p>
        {editable && node.pinned ? (
          <Button variant="secondary" size="sm" onClick={() => store.set((s) => unpin(s, node.id))}>
            {t("inspector.unpin")}
          </Button>
        ) : null}
        {editable ? (
          <Button variant="secondary" size="sm" onClick={onDelete} data-testid="graph-inspector-delete">
            {t("inspector.delete")}
          </Button>
        ) : null}
      </div>
    </section>
  );
}
