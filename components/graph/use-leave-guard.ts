"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";
import type { Graph } from "@/lib/graph/types";
import { type GraphStore, isDirty } from "./store";

/**
 * Whether the editor holds changes not saved yet, cached per (graph, saved) pair: a drag changes the
 * graph every frame, and the check would serialise it each time.
 */
export function useDirty(store: GraphStore): boolean {
  const dirtyOf = useRef<{ graph: Graph | null; saved: Graph | null; dirty: boolean }>({
    graph: null,
    saved: null,
    dirty: false,
  });
  return useSyncExternalStore(
    store.subscribe,
    () => {
      const s = store.get();
      const memo = dirtyOf.current;
      if (memo.graph === s.history.present && memo.saved === s.saved) return memo.dirty;
      // Mid-drag the graph changes every frame; the node has moved, so it is dirty until the drop says otherwise.
      const dirty = s.dragging ? true : isDirty(s);
      dirtyOf.current = { graph: s.history.present, saved: s.saved, dirty };
      return dirty;
    },
    () => false,
  );
}

/**
 * While `dirty`: the browser asks before the page unloads, and in-app links (Next's Link included)
 * ask `leaveText` before React sees the click.
 */
export function useLeaveGuard(dirty: boolean, leaveText: string): void {
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    const onClick = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!a || a.target === "_blank" || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey) return;
      if (a.closest("[data-graph-editor-root]") && a.getAttribute("href")?.startsWith("#")) return;
      if (!window.confirm(leaveText)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, leaveText]);
}
