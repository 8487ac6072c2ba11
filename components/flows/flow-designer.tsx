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
import { RunNowDialog } from "@/components/ui/run-now-dialog";
import { TextAreaField } from "@/components/ui/text-area";
import { newKey } from "@/components/ui/use-action-form";
import { DEFAULT_FLOW_SETTINGS, type FlowParameter, type FlowSettings } from "@/lib/flows/catalog";
import { type FlowGraph, flowIssues, flowRegistry } from "@/lib/flows/graph";
import { stableSerialize } from "@/lib/graph/layout";
import type { Graph } from "@/lib/graph/types";
import { type FlowDesignerOptions, FlowDesignerOptionsProvider } from "./flow-options";
import { useFlowEdgeLabel, useFlowNodeTypes } from "./node-types";
import { FlowSettingsForm } from "./settings-form";

// biome-ignore lint/suspicious/noExplicitAny: safe actions; the result shape is what is read
type AnyAction = (input: any) => Promise<any>;
type ServerError = { message?: string; field?: string; code?: string };

export type DesignedJobFlow = {
  id: string;
  name: string;
  description: string;
  graph: FlowGraph;
  settings: FlowSettings;
  /** The latest published version, null when never published. */
  publishedVersion: number | null;
  /** The parameters of the published version (what Run now asks for). */
  publishedParameters: FlowParameter[];
  /** The draft differs from the latest published version (or nothing is published yet). */
  unpublished: boolean;
};

/**
 * A value as the plain JSON it is stored as. Nodes may share objects (two nodes added from the
 * palette, or an edit, can hold the same default policy), and React sends a repeated object as a
 * reference ("$0:…"), which the server refuses before the action (proxy.ts); a copy through JSON
 * has none (and no -0 from a snapped position).
 */
const plain = <T,>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** start → end, connected. */
export const NEW_JOB_FLOW: FlowGraph = {
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
    { id: "end", type: "end", position: { x: 0, y: 256 }, data: {} },
  ],
  edges: [{ id: "e-start-end", source: "start", target: "end", sourceHandle: "out" }],
};

/**
 * The job-flow designer: name, description and settings, the shared graph canvas with the flow's
 * node kinds (Save stores the draft), Publish (the draft becomes the next immutable version) and
 * Run now (the published version, with parameters).
 */
export function JobFlowDesigner(props: {
  tenant: string;
  flow: DesignedJobFlow | null;
  options: FlowDesignerOptions;
  save: AnyAction;
  publish: AnyAction;
  runNow?: AnyAction;
  canManage: boolean;
  canRun: boolean;
}) {
  return (
    <FlowDesignerOptionsProvider value={props.options}>
      <Designer {...props} />
    </FlowDesignerOptionsProvider>
  );
}

function Designer({
  tenant,
  flow,
  save,
  publish,
  runNow,
  canManage,
  canRun,
}: {
  tenant: string;
  flow: DesignedJobFlow | null;
  save: AnyAction;
  publish: AnyAction;
  runNow?: AnyAction;
  canManage: boolean;
  canRun: boolean;
}) {
  const t = useTranslations("flows.designer");
  const router = useRouter();
  const types = useFlowNodeTypes();
  const edgeLabel = useFlowEdgeLabel();
  const initial = flow?.graph ?? NEW_JOB_FLOW;
  const initialSettings = flow?.settings ?? DEFAULT_FLOW_SETTINGS;
  const [name, setName] = useState(flow?.name ?? "");
  const [description, setDescription] = useState(flow?.description ?? "");
  const [settings, setSettings] = useState<FlowSettings>(initialSettings);
  const [graph, setGraph] = useState<FlowGraph>(initial);
  const [saved, setSaved] = useState<Graph>(initial);
  const [refusal, setRefusal] = useState<ServerError | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [savingDetails, setSavingDetails] = useState(false);
  const key = useRef<string>(newKey());
  const graphDirty = useMemo(() => stableSerialize(graph) !== stableSerialize(saved), [graph, saved]);
  const detailsDirty =
    name !== (flow?.name ?? "") ||
    description !== (flow?.description ?? "") ||
    JSON.stringify(settings) !== JSON.stringify(initialSettings);
  const readOnly = !canManage;
  useEffect(() => {
    if (!detailsDirty || !flow) return;
    const ask = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  }, [detailsDirty, flow]);

  /** Saves the draft (graph, details and settings); a refusal is shown above the canvas and in a toast. */
  const store = async (g: Graph): Promise<boolean> => {
    let res: { data?: { id: string }; serverError?: ServerError } | undefined;
    try {
      res = await save({
        tenant,
        id: flow?.id,
        name,
        description,
        graph: plain(g),
        settings: plain(settings),
        idempotencyKey: key.current,
      });
    } catch {
      toast.error(t("unreachable"));
      return false;
    }
    const failure = failureOf(res);
    if (failure !== null || !res?.data) {
      if (res?.serverError?.field === "idempotencyKey") key.current = newKey();
      setRefusal(res?.serverError ?? { message: failure ?? "" });
      toast.error(failure ?? t("unreachable"));
      return false;
    }
    key.current = newKey();
    setRefusal(null);
    setSaved(g);
    toast.success(flow ? t("saved") : t("created"));
    if (!flow) router.replace(`/t/${tenant}/flows/${res.data.id}`);
    else router.refresh();
    return true;
  };

  const status = !flow
    ? t("status_new")
    : graphDirty || detailsDirty
      ? t("status_unsaved")
      : flow.publishedVersion === null
        ? t("status_never")
        : flow.unpublished
          ? t("status_draft", { version: flow.publishedVersion })
          : t("status_published", { version: flow.publishedVersion });

  const canPublish = !!flow && !graphDirty && !detailsDirty && flow.unpublished;
  const toolbar =
    flow && canManage ? (
      <Button
        size="sm"
        variant="secondary"
        pending={publishing}
        disabled={!canPublish}
        data-testid="publish-flow"
        title={canPublish ? undefined : graphDirty || detailsDirty ? t("publish_save_first") : t("publish_nothing")}
        onClick={async () => {
          setPublishing(true);
          try {
            const res = await publish({ tenant, flowId: flow.id });
            const failure = failureOf(res);
            if (failure !== null) toast.error(failure);
            else {
              toast.success(t("published", { version: res.data.version }));
              router.refresh();
            }
          } catch {
            toast.error(t("unreachable"));
          } finally {
            setPublishing(false);
          }
        }}
      >
        {t("publish")}
      </Button>
    ) : null;

  const validate = useCallback((g: Graph) => flowIssues(g as FlowGraph, settings), [settings]);
  const follow = useCallback((g: Graph) => setGraph(g as FlowGraph), []);
  const refusedNode = refusal?.field?.startsWith("graph.node.")
    ? graph.nodes.find((n) => n.id === refusal.field?.slice("graph.node.".length))
    : undefined;
  const refusedName =
    refusedNode && typeof (refusedNode.data as { name?: unknown }).name === "string"
      ? (refusedNode.data as { name: string }).name
      : refusedNode?.id;

  return (
    <div className="space-y-4" data-flow-designer="">
      <Card className="grid gap-4 p-5 md:grid-cols-[1fr_2fr_auto] md:items-end">
        <TextField
          label={t("name")}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={120}
          placeholder={t("name_placeholder")}
          error={refusal?.field === "name" ? refusal.message : undefined}
          disabled={readOnly}
          data-testid="flow-name"
        />
        <TextAreaField
          label={t("description")}
          rows={1}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={2000}
          disabled={readOnly}
        />
        <div className="flex flex-wrap gap-2">
          {flow && canManage ? (
            <Button
              variant="secondary"
              disabled={!detailsDirty || graphDirty}
              pending={savingDetails}
              title={graphDirty ? t("details_with_graph") : undefined}
              onClick={async () => {
                setSavingDetails(true);
                await store(saved);
                setSavingDetails(false);
              }}
            >
              {t("save_details")}
            </Button>
          ) : null}
          {flow && canRun && runNow ? (
            <RunNowDialog
              namespace="flows.run_now"
              titleValues={{ version: flow.publishedVersion ?? 0 }}
              parameters={flow.publishedParameters}
              disabled={flow.publishedVersion === null}
              disabledReason="unpublished"
              action={runNow}
              input={{ tenant, flowId: flow.id }}
              runsHref={`/t/${tenant}/flows/${flow.id}/runs`}
              testId="run-flow"
            />
          ) : null}
        </div>
      </Card>
      <FlowSettingsForm
        settings={settings}
        onChange={setSettings}
        readOnly={readOnly}
        error={refusal?.field?.startsWith("settings") ? refusal.message : undefined}
      />
      <p role="status" data-testid="flow-status" className="text-sm font-medium text-zinc-700">
        {status}
      </p>
      {refusal && refusal.field !== "name" ? (
        <div
          role="alert"
          data-testid="save-refusal"
          className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          {refusedName ? t("refused_at", { node: refusedName, reason: refusal.message ?? "" }) : refusal.message}
        </div>
      ) : null}
      <GraphEditor
        types={types}
        registry={flowRegistry}
        initial={initial}
        validate={validate}
        onSave={(g) => store(g)}
        onChange={follow}
        edgeLabel={edgeLabel}
        toolbar={toolbar}
        readOnly={readOnly}
        labels={{ save: t("save"), title: t("title") }}
      />
    </div>
  );
}
