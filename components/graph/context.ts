"use client";

import { createContext, useContext, useRef, useSyncExternalStore } from "react";
import type { Graph, GraphNode, NodeTypeRegistry } from "@/lib/graph/types";
import type { GraphIssue } from "@/lib/graph/validate";
import { type EditorState, type GraphStore, present } from "./store";
import type { CanvasNodeType, GraphEditorProps } from "./types";

/** A value many components read, each re-rendering only when its own selection of it changes. */
export type ValueStore<T> = { get: () => T; set: (value: T) => void; subscribe: (l: () => void) => () => void };

export function createValueStore<T>(value: T): ValueStore<T> {
  let current = value;
  const listeners = new Set<() => void>();
  return {
    get: () => current,
    set(next) {
      if (next === current) return;
      current = next;
      for (const l of listeners) l();
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

/** The issues of the present graph, and per node (messages joined by a newline: a string, so selectors stay cheap). */
export type IssueIndex = { all: GraphIssue[]; byNode: ReadonlyMap<string, string> };

export const indexIssues = (all: GraphIssue[]): IssueIndex => {
  const byNode = new Map<string, string[]>();
  for (const issue of all) {
    if (!issue.nodeId) continue;
    const list = byNode.get(issue.nodeId);
    if (list) list.push(issue.message);
    else byNode.set(issue.nodeId, [issue.message]);
  }
  return { all, byNode: new Map([...byNode].map(([id, list]) => [id, list.join("\n")])) };
};

export type EditorContextValue = {
  store: GraphStore;
  issues: ValueStore<IssueIndex>;
  // biome-ignore lint/suspicious/noExplicitAny: each kind has its own data type.
  types: Record<string, CanvasNodeType<any>>;
  registry: NodeTypeRegistry;
  readOnly: boolean;
  nodeStatus?: GraphEditorProps["nodeStatus"];
};

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);
  if (!value) throw new Error("useEditor outside a GraphEditor");
  return value;
}

/** A slice of the editor's state; the component re-renders when the slice changes (by Object.is). */
export function useEditorState<T>(select: (s: EditorState) => T): T {
  const { store } = useEditor();
  return useSyncExternalStore(
    store.subscribe,
    () => select(store.get()),
    () => select(store.get()),
  );
}

/** One node's issue messages ("" when none). */
export function useNodeIssues(id: string): string {
  const { issues } = useEditor();
  const get = () => issues.get().byNode.get(id) ?? "";
  return useSyncExternalStore(issues.subscribe, get, get);
}

/** All issues of the present graph. */
export function useIssueIndex(): IssueIndex {
  const { issues } = useEditor();
  return useSyncExternalStore(issues.subscribe, issues.get, issues.get);
}

/** Same nodes (ids, kinds, data, pins) and the same edges: only positions may differ. */
function sameStructure(a: Graph, b: Graph): boolean {
  if (a === b) return true;
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i] as GraphNode;
    const y = b.nodes[i] as GraphNode;
    if (x !== y && (x.id !== y.id || x.type !== y.type || x.data !== y.data || x.pinned !== y.pinned)) return false;
  }
  return true;
}

/**
 * The present graph for what does not show positions (the inspector, the list view): a new object
 * only when a node or edge changes otherwise than by moving, so a drag does not re-render them on
 * every frame. Its positions may lag behind the canvas.
 */
export function useStructure(): Graph {
  const { store } = useEditor();
  const cache = useRef<Graph | null>(null);
  const get = () => {
    const graph = present(store.get());
    if (cache.current && sameStructure(cache.current, graph)) return cache.current;
    cache.current = graph;
    return graph;
  };
  return useSyncExternalStore(store.subscribe, get, get);
}
