"use client";

import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useTranslations } from "next-intl";
import {
  type KeyboardEvent,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { isTyping } from "@/components/ui/search-box";
import { TabList } from "@/components/ui/tab-list";
import { useSay } from "@/components/ui/use-say";
import type { GraphIssue } from "@/lib/graph/validate";
import { msgKey } from "@/lib/i18n/message";
import { Canvas } from "./canvas";
import { createValueStore, EditorContext, type EditorContextValue, indexIssues, useEditor } from "./context";
import { Inspector } from "./inspector";
import { IssueList } from "./issue-list";
import { ListView } from "./list-view";
import { Palette } from "./palette";
import {
  addNode,
  canRedo,
  canUndo,
  copy,
  createGraphStore,
  deleteSelection,
  type GraphStore,
  layout,
  markSaved,
  pasteClipboard,
  present,
  redo,
  select,
  setStatus,
  undo,
} from "./store";
import type { GraphEditorProps } from "./types";
import { useDirty, useLeaveGuard } from "./use-leave-guard";

const VIEWS = ["canvas", "list"] as const;
type View = (typeof VIEWS)[number];

const WIDE = "(min-width: 768px)";
/** At least `md` wide: phones get a read-only canvas and the list view first. */
function useWide(): boolean {
  return useSyncExternalStore(
    (l) => {
      const m = window.matchMedia(WIDE);
      m.addEventListener("change", l);
      return () => m.removeEventListener("change", l);
    },
    () => window.matchMedia(WIDE).matches,
    () => true,
  );
}

/**
 * The shared graph editor: canvas, palette, inspector, list view, issue list, undo/redo,
 * copy/paste, delete with a confirm, auto-layout, and an unsaved-changes guard. Its contract is in
 * ./types.ts.
 *
 * Test hooks: `graph-editor` (root), `palette-<kind>` (palette buttons), `node-<id>` (a node on
 * the canvas; `data-pinned`, `data-issues`), `node-badge-<id>`, `graph-inspector`,
 * `graph-connect-select` + `graph-connect`, `edge-<id>` (an outgoing edge in the inspector),
 * `graph-list` + `graph-row-<id>` (list view), `graph-issues` + `graph-issue-<i>`,
 * `graph-status` (the aria-live line), `graph-undo`, `graph-redo`, `graph-layout`, `graph-delete`,
 * `graph-save`, `graph-save-reason`.
 */
export function GraphEditor(props: GraphEditorProps) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  );
}

/**
 * The graph's checks and the caller's onChange, apart from the editor's chrome: besides the canvas,
 * this is what re-renders on every frame of a drag (and validation waits for the drop).
 */
function Checks({ validate, onChange }: Pick<GraphEditorProps, "validate" | "onChange">) {
  const { store, issues: issueStore } = useEditor();
  const graph = useSyncExternalStore(
    store.subscribe,
    () => present(store.get()),
    () => present(store.get()),
  );
  const dragging = useSyncExternalStore(
    store.subscribe,
    () => store.get().dragging,
    () => false,
  );
  // Validation: on every change but not during a drag (positions change nothing it checks).
  const lastIssues = useRef<GraphIssue[] | null>(null);
  const issues = useMemo(() => {
    if (!dragging || !lastIssues.current) lastIssues.current = validate(graph);
    return lastIssues.current;
  }, [graph, dragging, validate]);
  useLayoutEffect(() => issueStore.set(indexIssues(issues)), [issues, issueStore]);
  // Every change reaches the caller, an undo back to the opened graph too (the opening itself does not).
  const previous = useRef(graph);
  useEffect(() => {
    if (graph === previous.current) return;
    previous.current = graph;
    onChange?.(graph);
  }, [graph, onChange]);
  return null;
}

function Editor({
  types,
  registry,
  initial,
  validate,
  onSave,
  onChange,
  edgeLabel,
  toolbar,
  readOnly = false,
  labels,
  height,
  nodeStatus,
}: GraphEditorProps) {
  const t = useTranslations("graph");
  const say = useSay();
  const [store] = useState<GraphStore>(() => createGraphStore(initial));
  const [issueStore] = useState(() => createValueStore(indexIssues([])));
  const context = useMemo<EditorContextValue>(
    () => ({ store, issues: issueStore, types, registry, readOnly, nodeStatus }),
    [store, issueStore, types, registry, readOnly, nodeStatus],
  );
  const wide = useWide();
  const [chosenView, setView] = useState<View | null>(null);
  const view: View = chosenView ?? (wide ? "canvas" : "list");
  const editable = !readOnly;
  const canvasEditable = editable && wide;

  const issueCount = useSyncExternalStore(
    issueStore.subscribe,
    () => issueStore.get().all.length,
    () => 0,
  );

  const [saving, setSaving] = useState(false);
  const save = useCallback(async () => {
    const g = present(store.get());
    setSaving(true);
    try {
      if (await onSave(g)) store.set((s) => setStatus(markSaved(s, g), msgKey("graph.status.saved")));
    } finally {
      setSaving(false);
    }
  }, [store, onSave]);

  const headingRef = useRef<HTMLHeadingElement>(null);
  const rootRef = useRef<HTMLElement>(null);
  const { setCenter, getNode } = useReactFlow();

  /** Show a node: select it, and on the canvas centre and focus it; in the list, open its inspector. */
  const showNode = useCallback(
    (id: string, focusInspector = false) => {
      store.set((s) => select(s, [id]));
      if (view === "canvas" && !focusInspector) {
        const node = getNode(id);
        if (node) {
          const w = node.measured?.width ?? 200;
          const h = node.measured?.height ?? 64;
          void setCenter(node.position.x + w / 2, node.position.y + h / 2, { duration: 200, zoom: 1 });
        }
        requestAnimationFrame(() =>
          rootRef.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`)?.focus(),
        );
      } else requestAnimationFrame(() => headingRef.current?.focus());
    },
    [store, view, getNode, setCenter],
  );

  // ---- delete, with a confirm when configured nodes would go -------------------------------------
  const [confirming, setConfirming] = useState(false);
  const configuredSelected = useCallback(() => {
    const s = store.get();
    return present(s).nodes.filter((n) => {
      if (!s.selected.has(n.id) || registry.get(n.type)?.role === "start") return false;
      const type = types[n.type];
      if (!type) return false;
      return type.configured ? type.configured(n.data) : JSON.stringify(n.data) !== JSON.stringify(type.defaultData());
    });
  }, [store, registry, types]);
  /** After a delete the focused node (or the inspector's button) is gone: the editor keeps the focus, and its shortcuts. */
  const keepFocus = useCallback(() => {
    requestAnimationFrame(() => {
      const active = document.activeElement;
      if (!active || active === document.body || !active.isConnected) rootRef.current?.focus();
    });
  }, []);
  const requestDelete = useCallback(() => {
    if (!editable) return;
    const s = store.get();
    if (s.selected.size === 0 && s.selectedEdges.size === 0) return;
    if (configuredSelected().length > 0) setConfirming(true);
    else {
      store.set((st) => deleteSelection(st, registry));
      keepFocus();
    }
  }, [editable, store, registry, configuredSelected, keepFocus]);

  const addKind = useCallback(
    (kind: string) => {
      const type = types[kind];
      if (!type || !editable) return;
      store.set((s) => addNode(s, registry, kind, type.defaultData()));
    },
    [types, editable, store, registry],
  );

  // ---- keyboard ----------------------------------------------------------------------------------
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    const target = e.target as HTMLElement;
    if (isTyping(target) || target.closest('[role="dialog"]')) return;
    const key = e.key.toLowerCase();
    const mod = e.ctrlKey || e.metaKey;
    const inInspector = Boolean(target.closest("[data-graph-inspector]"));
    const act = (f: () => void) => {
      e.preventDefault();
      f();
    };
    if (mod && key === "z" && !e.shiftKey) return act(() => editable && store.set(undo));
    if (mod && ((key === "z" && e.shiftKey) || key === "y")) return act(() => editable && store.set(redo));
    if (inInspector) return;
    // Copy and paste only take the keys when there is something to copy or paste (else text copies as usual).
    if (mod && key === "c" && store.get().selected.size > 0) return act(() => store.set((s) => copy(s, registry)));
    if (mod && key === "v" && store.get().clipboard)
      return act(() => editable && store.set((s) => pasteClipboard(s, registry)));
    if (!mod && (e.key === "Delete" || e.key === "Backspace")) return act(requestDelete);
    if (!mod && e.shiftKey && key === "l") return act(() => canvasEditable && store.set(layout));
    if (e.key === "Enter" && target.closest(".react-flow__node")) {
      // React Flow selects the focused node on Enter; the inspector opens with it and takes focus.
      requestAnimationFrame(() => headingRef.current?.focus());
      return;
    }
    if (e.key === "Escape") store.set((s) => select(s, []));
  };

  const dirty = useDirty(store);
  useLeaveGuard(dirty, t("leave_confirm"));

  const selectedId = useSyncExternalStore(
    store.subscribe,
    () => {
      const s = store.get().selected;
      return s.size === 1 ? ([...s][0] as string) : null;
    },
    () => null,
  );
  const status = useSyncExternalStore(
    store.subscribe,
    () => store.get().status,
    () => null,
  );
  const undoable = useSyncExternalStore(
    store.subscribe,
    () => canUndo(store.get().history),
    () => false,
  );
  const redoable = useSyncExternalStore(
    store.subscribe,
    () => canRedo(store.get().history),
    () => false,
  );
  const hasSelection = useSyncExternalStore(
    store.subscribe,
    () => store.get().selected.size + store.get().selectedEdges.size > 0,
    () => false,
  );

  const saveReason = readOnly
    ? null
    : issueCount > 0
      ? t("save.blocked", { count: issueCount })
      : !dirty
        ? t("save.clean")
        : null;
  const panelId = useId();
  const reasonId = useId();
  const toConfirm = confirming ? configuredSelected() : [];

  return (
    <EditorContext.Provider value={context}>
      <Checks validate={validate} onChange={onChange} />
      <section
        ref={rootRef}
        data-testid="graph-editor"
        data-graph-editor-root=""
        data-dirty={dirty ? "true" : undefined}
        aria-label={labels?.title ?? t("title")}
        className="flex min-w-0 flex-col gap-3 outline-none"
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <div className="flex flex-wrap items-center gap-2" role="toolbar" aria-label={t("toolbar")}>
          <Button
            variant="secondary"
            size="sm"
            data-testid="graph-undo"
            disabled={!editable || !undoable}
            aria-keyshortcuts="Control+Z Meta+Z"
            onClick={() => store.set(undo)}
          >
            {t("undo")}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            data-testid="graph-redo"
            disabled={!editable || !redoable}
            aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
            onClick={() => store.set(redo)}
          >
            {t("redo")}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            data-testid="graph-layout"
            disabled={!canvasEditable}
            aria-keyshortcuts="Shift+L"
            onClick={() => store.set(layout)}
          >
            {t("layout")}
          </Button>
          <Button
            variant="secondary"
            size="sm"
            data-testid="graph-delete"
            disabled={!editable || !hasSelection}
            aria-keyshortcuts="Delete Backspace"
            onClick={requestDelete}
          >
            {t("delete")}
          </Button>
          <details className="relative text-sm">
            <summary className="cursor-pointer rounded-md px-2 py-1 text-zinc-700 hover:bg-zinc-100">
              {t("shortcuts.title")}
            </summary>
            <dl className="absolute z-10 mt-1 grid w-72 grid-cols-[auto_1fr] gap-x-3 gap-y-1 rounded-md border border-zinc-200 bg-white p-3 shadow-lg">
              {(["undo", "redo", "copy", "paste", "delete", "layout", "nudge", "open", "close"] as const).map((k) => (
                <div key={k} className="contents">
                  <dt className="font-mono text-xs text-zinc-600">{t(`shortcuts.${k}_keys`)}</dt>
                  <dd>{t(`shortcuts.${k}`)}</dd>
                </div>
              ))}
            </dl>
          </details>
          <span className="flex-1" />
          {toolbar}
          {readOnly ? null : (
            <span className="flex items-center gap-2">
              {saveReason ? (
                <span id={reasonId} data-testid="graph-save-reason" className="text-xs text-zinc-600">
                  {saveReason}
                </span>
              ) : null}
              <Button
                size="sm"
                data-testid="graph-save"
                disabled={saveReason !== null || saving}
                pending={saving}
                aria-describedby={saveReason ? reasonId : undefined}
                onClick={save}
              >
                {labels?.save ?? t("save.label")}
              </Button>
            </span>
          )}
        </div>

        <p role="status" aria-live="polite" data-testid="graph-status" className="min-h-5 text-sm text-amber-800">
          {status ? <span key={status.seq}>{say(status.text)}</span> : null}
        </p>

        <TabList
          label={t("views.label")}
          idPrefix={`${panelId}-tab`}
          panelId={panelId}
          items={VIEWS}
          selected={view}
          onSelect={setView}
          labelOf={(v) => t(`views.${v}`)}
          markOf={() => null}
        />

        <div className="grid min-w-0 grid-cols-1 gap-4 md:grid-cols-[10rem_minmax(0,1fr)_20rem]">
          <div className="min-w-0">
            <Palette onAdd={addKind} disabled={!editable} />
          </div>
          <div id={panelId} role="tabpanel" aria-labelledby={`${panelId}-tab-${view}`} className="min-w-0">
            {view === "canvas" ? (
              <Canvas editable={canvasEditable} edgeLabel={edgeLabel} height={height ?? (wide ? "70vh" : "50vh")} />
            ) : (
              <ListView onOpen={(id) => showNode(id, true)} selectedId={selectedId} statusLabel={labels?.status} />
            )}
          </div>
          <aside className="flex min-w-0 flex-col gap-4" aria-label={t("inspector.title")} data-graph-inspector="">
            {selectedId ? (
              <Inspector
                key={selectedId}
                nodeId={selectedId}
                headingRef={headingRef}
                edgeLabel={edgeLabel}
                editable={editable}
                onDelete={requestDelete}
                onClose={() => {
                  const id = selectedId;
                  store.set((s) => select(s, []));
                  requestAnimationFrame(() =>
                    rootRef.current
                      ?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`)
                      ?.focus(),
                  );
                }}
              />
            ) : (
              <p className="text-sm text-zinc-500">{t("inspector.empty")}</p>
            )}
            <IssueList onShow={(id) => showNode(id)} />
          </aside>
        </div>

        <ConfirmDialog
          open={confirming}
          onOpenChange={setConfirming}
          title={t("confirm_delete.title")}
          description={t("confirm_delete.description", {
            count: toConfirm.length,
            list: toConfirm.map((n) => types[n.type]?.summary(n.data) || n.id).join(", "),
          })}
          confirmLabel={t("confirm_delete.confirm")}
          danger
          onConfirm={() => {
            store.set((s) => deleteSelection(s, registry));
            keepFocus();
            return true;
          }}
        />
      </section>
    </EditorContext.Provider>
  );
}
