"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { GraphEditor } from "@/components/graph/graph-editor";
import { failureOf } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { newKey } from "@/components/ui/use-action-form";
import { type ApprovalGraph, approvalRegistry, flowIssues } from "@/lib/approvals/flow-graph";
import { stableSerialize } from "@/lib/graph/layout";
import type { Graph } from "@/lib/graph/types";
import { nodeName } from "./flow-names";
import { useApprovalNodeTypes, useFlowEdgeLabel } from "./flow-node-types";
import { type FlowOptions, FlowOptionsProvider } from "./flow-options";
import { FlowPreview } from "./flow-preview";

// biome-ignore lint/suspicious/noExplicitAny: safe actions; the result shape is what is read
type AnyAction = (input: any) => Promise<any>;
type ServerError = { message?: string; field?: string; code?: string };

export type DesignedFlow = {
  id: string;
  name: string;
  description: string;
  graph: ApprovalGraph;
  /** The latest published version, null when never published. */
  publishedVersion: number | null;
  /** The draft differs from the latest published version (or nothing is published yet). */
  unpublished: boolean;
};

/** start → end, connected: the first level added from the palette by keyboard is spliced in between. */
export const NEW_FLOW: ApprovalGraph = {
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
    { id: "end", type: "end", position: { x: 0, y: 256 }, data: {} },
  ],
  edges: [{ id: "e-start-end", source: "start", target: "end" }],
};

/**
 * The approval-flow designer: name and description, the shared graph canvas with the flow's node
 * kinds (Save stores the draft), Publish (the draft becomes the next immutable version), the
 * draft's status, and a path preview of the graph as it is on screen.
 */
export function FlowDesigner({
  tenant,
  flow,
  options,
  save,
  publish,
  preview,
}: {
  tenant: string;
  flow: DesignedFlow | null;
  options: FlowOptions;
  save: AnyAction;
  publish: AnyAction;
  preview: AnyAction;
}) {
  return (
    <FlowOptionsProvider value={options}>
      <Designer tenant={tenant} flow={flow} save={save} publish={publish} preview={preview} />
    </FlowOptionsProvider>
  );
}

function Designer({
  tenant,
  flow,
  save,
  publish,
  preview,
}: {
  tenant: string;
  flow: DesignedFlow | null;
  save: AnyAction;
  publish: AnyAction;
  preview: AnyAction;
}) {
  const t = useTranslations("approvals");
  const router = useRouter();
  const types = useApprovalNodeTypes();
  const edgeLabel = useFlowEdgeLabel();
  const initial = flow?.graph ?? NEW_FLOW;
  const [name, setName] = useState(flow?.name ?? "");
  const [description, setDescription] = useState(flow?.description ?? "");
  const [graph, setGraph] = useState<ApprovalGraph>(initial);
  const [saved, setSaved] = useState<Graph>(initial);
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [savingDetails, setSavingDetails] = useState(false);
  const [route, setRoute] = useState<string[] | null>(null);
  const key = useRef<string>(newKey());
  const graphDirty = useMemo(() => stableSerialize(graph) !== stableSerialize(saved), [graph, saved]);
  const detailsDirty = name !== (flow?.name ?? "") || description !== (flow?.description ?? "");
  // The canvas guards its own unsaved changes; an edited name or description asks too before the tab closes.
  useEffect(() => {
    if (!detailsDirty || !flow) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [detailsDirty, flow]);

  /** Saves the draft; the refusal, if any, is shown above the canvas and in a toast. */
  const store = async (g: Graph): Promise<boolean> => {
    let res: { data?: { id: string }; serverError?: ServerError; validationErrors?: unknown } | undefined;
    try {
      res = await save({ tenant, id: flow?.id, name, description, graph: g, idempotencyKey: key.current });
    } catch {
      toast.error(t("designer.unreachable"));
      return false;
    }
    const failure = failureOf(res);
    if (failure !== null || !res?.data) {
      if (res?.serverError?.field === "idempotencyKey") key.current = newKey();
      setRefusal(res?.serverError ?? { message: failure ?? "" });
      toast.error(failure ?? t("designer.unreachable"));
      return false;
    }
    key.current = newKey();
    setRefusal(null);
    setSaved(g);
    toast.success(flow ? t("designer.saved") : t("designer.created"));
    if (!flow) router.replace(`/t/${tenant}/approvals/flows/${res.data.id}`);
    else router.refresh();
    return true;
  };

  const refusedAt = refusal?.field?.startsWith("graph.node.") ? refusal.field.slice("graph.node.".length) : null;
  const refusedNode = refusedAt ? graph.nodes.find((n) => n.id === refusedAt) : undefined;
  const nameError = refusal?.field === "name" ? refusal.message : undefined;

  const status = !flow
    ? t("designer.status_new")
    : graphDirty || detailsDirty
      ? t("designer.status_unsaved")
      : flow.publishedVersion === null
        ? t("designer.status_never")
        : flow.unpublished
          ? t("designer.status_draft", { version: flow.publishedVersion })
          : t("designer.status_published", { version: flow.publishedVersion });

  const canPublish = !!flow && !graphDirty && !detailsDirty && flow.unpublished;
  const publishButton = flow ? (
    <Button
      size="sm"
      variant="secondary"
      pending={publishing}
      disabled={!canPublish}
      title={
        canPublish
          ? undefined
          : graphDirty || detailsDirty
            ? t("designer.publish_save_first")
            : t("designer.publish_nothing")
      }
      onClick={async () => {
        setPublishing(true);
        try {
          const res = await publish({ tenant, flowId: flow.id });
          const failure = failureOf(res);
          if (failure !== null) toast.error(failure);
          else {
            toast.success(t("designer.published", { version: res.data.version }));
            router.refresh();
          }
        } catch {
          toast.error(t("designer.unreachable"));
        } finally {
          setPublishing(false);
        }
      }}
    >
      {t("designer.publish")}
    </Button>
  ) : null;

  const issues = useMemo(() => flowIssues(graph), [graph]);
  const validate = useCallback((g: Graph) => flowIssues(g as ApprovalGraph), []);
  const follow = useCallback((g: Graph) => setGraph(g as ApprovalGraph), []);

  return (
    <div className="space-y-4" data-flow-designer="">
      <Card className="grid gap-4 p-5 md:grid-cols-[1fr_2fr_auto] md:items-end">
        <TextField
          label={t("editor.name")}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={80}
          placeholder={t("editor.name_placeholder")}
          error={nameError}
        />
        <TextField
          label={t("editor.description")}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={500}
        />
        {flow ? (
          <Button
            variant="secondary"
            disabled={!detailsDirty || graphDirty}
            pending={savingDetails}
            title={graphDirty ? t("designer.details_with_graph") : undefined}
            onClick={async () => {
              setSavingDetails(true);
              await store(saved);
              setSavingDetails(false);
            }}
          >
            {t("designer.save_details")}
          </Button>
        ) : null}
      </Card>
      <p role="status" data-testid="flow-status" className="text-sm font-medium text-zinc-700">
        {status}
      </p>
      {refusal ? (
        <div
          role="alert"
          data-testid="save-refusal"
          className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          {refusedNode
            ? t("designer.refused_at", { node: nodeName(t, graph, refusedNode), reason: refusal.message ?? "" })
            : refusal.message}
        </div>
      ) : null}
      {route ? <style>{routeStyle(graph, route)}</style> : null}
      <GraphEditor
        types={types}
        registry={approvalRegistry}
        initial={initial}
        validate={validate}
        onSave={(g) => store(g)}
        onChange={follow}
        edgeLabel={edgeLabel}
        toolbar={publishButton}
        labels={{ save: t("designer.save"), title: t("designer.title") }}
      />
      <FlowPreview
        tenant={tenant}
        flowId={flow?.id}
        graph={graph}
        valid={issues.length === 0}
        preview={preview}
        onRoute={setRoute}
      />
    </div>
  );
}

/**
 * The previewed route drawn on the canvas: its nodes outlined, the connections between them
 * thickened (a stylesheet over the canvas's node and edge elements, which carry their ids).
 */
function routeStyle(graph: Graph, path: string[]): string {
  const on = new Set(path);
  const nodes = path.map((id) => `[data-flow-designer] .react-flow__node[data-id="${CSS.escape(id)}"] > div`);
  const edges = graph.edges
    .filter((e) => on.has(e.source) && on.has(e.target) && path.indexOf(e.target) === path.indexOf(e.source) + 1)
    .map((e) => `[data-flow-designer] [data-testid="rf__edge-${CSS.escape(e.id)}"] .react-flow__edge-path`);
  const rules = [];
  if (nodes.length) rules.push(`${nodes.join(",")}{outline:3px solid rgb(99 102 241);outline-offset:3px}`);
  if (edges.length) rules.push(`${edges.join(",")}{stroke:rgb(99 102 241);stroke-width:3}`);
  return rules.join("\n");
}
