"use client";

import "@xyflow/react/dist/style.css";
import {
  Background,
  type Connection,
  Controls,
  type EdgeChange,
  type FinalConnectionState,
  MiniMap,
  type NodeChange,
  ReactFlow,
  useReactFlow,
} from "@xyflow/react";
import { useTranslations } from "next-intl";
import { type DragEvent, useCallback, useMemo, useRef } from "react";
import type { Graph, GraphEdge } from "@/lib/graph/types";
import { canConnect } from "@/lib/graph/validate";
import { createFlowCache, type FlowEdge, type FlowNode, toFlowEdges, toFlowNodes } from "./adapters";
import { NODE_TYPES } from "./canvas-node";
import { useEditor, useEditorState, useStructure } from "./context";
import { PALETTE_MIME } from "./palette";
import { addNode, applyEdgeSelection, applyNodeChanges, connect, GRID, present, setStatus } from "./store";

const SNAP: [number, number] = [GRID, GRID];
const FIT = { padding: 0.15, maxZoom: 1.2 };

/**
 * The React Flow canvas over the editor's store: nodes and edges are converted from the model
 * (identity kept for what did not change), React Flow's changes go back as steps, connections are
 * checked as they are drawn, and palette kinds can be dropped onto it. Drags snap to the grid, so
 * positions stay integers.
 */
export function Canvas({
  editable,
  edgeLabel,
  height,
}: {
  editable: boolean;
  edgeLabel?: (edge: GraphEdge, graph: Graph) => string | null;
  height: string;
}) {
  const t = useTranslations("graph.canvas");
  const { store, registry, types } = useEditor();
  const graph = useEditorState(present);
  const selected = useEditorState((s) => s.selected);
  const selectedEdges = useEditorState((s) => s.selectedEdges);
  const sizes = useEditorState((s) => s.sizes);
  const cache = useRef(createFlowCache()).current;
  const nodes = useMemo(
    () => toFlowNodes(graph, selected, sizes, cache, editable),
    [graph, selected, sizes, cache, editable],
  );
  // Labels depend on the graph's structure, not its positions: computed once per structural change.
  const structure = useStructure();
  const labels = useMemo(() => {
    const map = new Map<string, string | null>();
    if (edgeLabel) for (const e of structure.edges) map.set(e.id, edgeLabel(e, structure));
    return map;
  }, [structure, edgeLabel]);
  const edges = useMemo(
    () => toFlowEdges(graph, selectedEdges, (e) => labels.get(e.id) ?? null, cache),
    [graph, selectedEdges, labels, cache],
  );
  const { screenToFlowPosition } = useReactFlow();

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => store.set((s) => applyNodeChanges(s, changes)),
    [store],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) =>
      store.set((s) => applyEdgeSelection(s, changes as { type: string; id?: string; selected?: boolean }[])),
    [store],
  );
  const onConnect = useCallback((c: Connection) => store.set((s) => connect(s, registry, c)), [store, registry]);
  const isValidConnection = useCallback(
    (c: Connection | FlowEdge) => canConnect(present(store.get()), registry, c) === null,
    [store, registry],
  );
  /** A refused connection, dropped on a node: the status line says why. */
  const onConnectEnd = useCallback(
    (_: unknown, state: FinalConnectionState) => {
      if (state.isValid || !state.fromNode || !state.toNode) return;
      const fromSource = state.fromHandle?.type !== "target";
      const c = fromSource
        ? {
            source: state.fromNode.id,
            sourceHandle: state.fromHandle?.id,
            target: state.toNode.id,
            targetHandle: state.toHandle?.id,
          }
        : {
            source: state.toNode.id,
            sourceHandle: state.toHandle?.id,
            target: state.fromNode.id,
            targetHandle: state.fromHandle?.id,
          };
      const reason = canConnect(present(store.get()), registry, c);
      if (reason) store.set((s) => setStatus(s, reason));
    },
    [store, registry],
  );
  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "move";
  }, []);
  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(PALETTE_MIME);
      const type = types[kind];
      if (!type || !editable) return;
      e.preventDefault();
      const at = screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // The pointer is the node's middle; its corner lands on the grid.
      const corner = { x: Math.round((at.x - 100) / GRID) * GRID, y: Math.round((at.y - 32) / GRID) * GRID };
      store.set((s) => addNode(s, registry, kind, type.defaultData(), corner));
    },
    [store, registry, types, editable, screenToFlowPosition],
  );
  const aria = useMemo(
    () => ({
      "node.a11yDescription.default": t("a11y_node"),
      "node.a11yDescription.keyboardDisabled": t("a11y_node_keyboard"),
      "node.a11yDescription.ariaLiveMessage": ({ direction, x, y }: { direction: string; x: number; y: number }) =>
        t("a11y_moved", { direction: t(`direction.${direction}`), x, y }),
      "edge.a11yDescription.default": t("a11y_edge"),
      "controls.ariaLabel": t("controls"),
      "controls.zoomIn.ariaLabel": t("zoom_in"),
      "controls.zoomOut.ariaLabel": t("zoom_out"),
      "controls.fitView.ariaLabel": t("fit_view"),
      "controls.interactive.ariaLabel": t("interactive"),
      "minimap.ariaLabel": t("minimap"),
      "handle.ariaLabel": t("handle"),
    }),
    [t],
  );

  return (
    <div style={{ height }} className="w-full rounded-md border border-zinc-200 bg-white" data-testid="graph-canvas">
      <ReactFlow<FlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        onDragOver={onDragOver}
        onDrop={onDrop}
        nodesDraggable={editable}
        nodesConnectable={editable}
        edgesFocusable
        deleteKeyCode={null}
        snapToGrid
        snapGrid={SNAP}
        fitView
        fitViewOptions={FIT}
        minZoom={0.1}
        ariaLabelConfig={aria}
      >
        <Background gap={GRID} />
        <MiniMap pannable zoomable className="!hidden md:!block" />
        <Controls showInteractive={false} fitViewOptions={FIT} />
      </ReactFlow>
    </div>
  );
}
