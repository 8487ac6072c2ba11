"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { GraphEditor } from "@/components/graph/graph-editor";
import type { NodeStatusMark, NodeStatusTone } from "@/components/graph/types";
import { failureOf } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import type { FlowRunStatus, NodeStatus } from "@/lib/flows/catalog";
import { type FlowGraph, flowRegistry } from "@/lib/flows/graph";
import { duration } from "@/lib/format";
import { type FlowDesignerOptions, FlowDesignerOptionsProvider } from "./flow-options";
import { FlowStatusBadge } from "./flow-status";
import { NodeLog } from "./node-log";
import { useFlowEdgeLabel, useFlowNodeTypes } from "./node-types";
import { RerunButtons } from "./rerun-buttons";

// biome-ignore lint/suspicious/noExplicitAny: safe actions; the result shape is what is read
type AnyAction = (input: any) => Promise<any>;

/** What the run page polls (flowRunStateAction's answer). */
export type FlowRunState = {
  status: FlowRunStatus;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  nodes: {
    id: string;
    nodeId: string;
    status: NodeStatus;
    attempt: number;
    warned: boolean;
    startedAt: string | null;
    finishedAt: string | null;
    output: unknown;
    error: string | null;
    jobRunId: string | null;
    reused: boolean;
  }[];
};

const TONE: Record<NodeStatus, NodeStatusTone> = {
  pending: "idle",
  running: "active",
  waiting: "waiting",
  success: "good",
  reused: "good",
  failed: "bad",
  timeout: "bad",
  skipped: "muted",
  cancelled: "muted",
};
const ACTIVE: ReadonlySet<string> = new Set(["pending", "running"]);
const noIssues = () => [];
const noSave = async () => false;

/**
 * A run drawn on the canvas, read-only: the version's graph with each node coloured by its status
 * (a timer on running ones), polled every second while the run is pending or running. A node
 * clicked shows its attempts, output and error below the canvas.
 */
export function FlowRunView(props: {
  tenant: string;
  runId: string;
  graph: FlowGraph;
  initial: FlowRunState;
  options: FlowDesignerOptions;
  state: AnyAction;
  cancel?: AnyAction;
  /** Present when the viewer may rerun (jobs.run). */
  rerun?: AnyAction;
  flowId: string;
  log: AnyAction;
}) {
  return (
    <FlowDesignerOptionsProvider value={props.options}>
      <RunView {...props} />
    </FlowDesignerOptionsProvider>
  );
}

function RunView({
  tenant,
  flowId,
  runId,
  graph,
  initial,
  state,
  cancel,
  rerun,
  log,
}: {
  tenant: string;
  flowId: string;
  runId: string;
  graph: FlowGraph;
  initial: FlowRunState;
  state: AnyAction;
  cancel?: AnyAction;
  rerun?: AnyAction;
  log: AnyAction;
}) {
  const t = useTranslations("flows.run");
  const ts = useTranslations("flows.status");
  const locale = useLocale();
  const router = useRouter();
  const types = useFlowNodeTypes();
  const edgeLabel = useFlowEdgeLabel();
  const [chosen, setChosen] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ["flow-run", tenant, runId],
    queryFn: async (): Promise<FlowRunState> => {
      const res = await state({ tenant, runId });
      const failure = failureOf(res);
      if (failure !== null || !res?.data) throw new Error(failure ?? "no data");
      return res.data as FlowRunState;
    },
    initialData: initial,
    refetchInterval: (q) => (q.state.data && ACTIVE.has(q.state.data.status) ? 1000 : false),
  });
  const run = query.data ?? initial;
  const active = ACTIVE.has(run.status);
  // The server's lists (runs of the flow) are stale once the run ends here.
  const wasActive = useRef(active);
  useEffect(() => {
    if (wasActive.current && !active) router.refresh();
    wasActive.current = active;
  }, [active, router]);

  const byNode = useMemo(() => new Map(run.nodes.map((n) => [n.nodeId, n])), [run.nodes]);
  const now = Date.now();
  const nodeStatus = useCallback(
    (id: string): NodeStatusMark | null => {
      const n = byNode.get(id);
      if (!n) return null;
      const word = ts(n.status);
      const label =
        n.status === "running" && n.startedAt
          ? `${word} · ${duration(now - new Date(n.startedAt).getTime(), locale)}`
          : n.warned
            ? `${word} · ${t("over_time")}`
            : word;
      return { tone: n.warned && n.status === "running" ? "warn" : TONE[n.status], label };
    },
    [byNode, ts, t, now, locale],
  );
  const taken = useMemo(() => takenEdgesStyle(graph, byNode), [graph, byNode]);
  const picked = chosen ? byNode.get(chosen) : undefined;
  const pickedNode = chosen ? graph.nodes.find((n) => n.id === chosen) : undefined;
  const pickedName =
    pickedNode && typeof (pickedNode.data as { name?: unknown }).name === "string"
      ? (pickedNode.data as { name: string }).name
      : (pickedNode?.id ?? "");

  return (
    <div className="space-y-4" data-flow-run="">
      {taken ? <style>{taken}</style> : null}
      <Card className="flex flex-wrap items-center gap-4 p-4">
        <span data-testid="flow-run-status">
          <FlowStatusBadge status={run.status} />
        </span>
        {run.startedAt ? (
          <span className="text-sm text-zinc-600">
            {t("elapsed", {
              time: duration(
                (run.finishedAt ? new Date(run.finishedAt).getTime() : now) - new Date(run.startedAt).getTime(),
                locale,
              ),
            })}
          </span>
        ) : null}
        {run.error ? (
          <span role="alert" className="text-sm text-red-700">
            {run.error}
          </span>
        ) : null}
        {cancel && active ? (
          <div className="ml-auto">
            <ConfirmDialog
              trigger={
                <Button variant="secondary" data-testid="cancel-flow-run">
                  {t("cancel")}
                </Button>
              }
              title={t("cancel_title")}
              description={t("cancel_description")}
              confirmLabel={t("cancel_confirm")}
              onConfirm={async () => {
                const failure = failureOf(await cancel({ tenant, runId }));
                if (failure) toast.error(failure);
                else {
                  toast.success(t("cancel_requested"));
                  void query.refetch();
                }
                return failure === null;
              }}
            />
          </div>
        ) : null}
        {rerun && !active ? (
          <div className="ml-auto">
            <RerunButtons
              tenant={tenant}
              flowId={flowId}
              runId={runId}
              from={pickedNode ? { id: pickedNode.id, name: pickedName } : null}
              rerun={rerun}
            />
          </div>
        ) : null}
      </Card>
      {/* A node clicked on the canvas (React Flow marks each with its id) opens its details below. */}
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the nodes inside are the controls; the list below is the keyboard path */}
      {/* biome-ignore lint/a11y/useKeyWithClickEvents: the nodes table below offers the same choice by keyboard */}
      <div
        onClick={(e) => {
          const el = (e.target as HTMLElement).closest(".react-flow__node");
          const id = el?.getAttribute("data-id");
          if (id) setChosen(id);
        }}
      >
        <GraphEditor
          types={types}
          registry={flowRegistry}
          initial={graph}
          validate={noIssues}
          onSave={noSave}
          edgeLabel={edgeLabel}
          readOnly
          nodeStatus={nodeStatus}
          labels={{ title: t("canvas_title"), status: t("col_status") }}
          height="60vh"
        />
      </div>
      <Card className="overflow-x-auto p-0">
        <table className="w-full text-sm">
          <caption className="sr-only">{t("nodes")}</caption>
          <thead className="bg-zinc-50 text-left text-xs uppercase text-zinc-500">
            <tr>
              <th className="px-3 py-2">{t("col_node")}</th>
              <th className="px-3 py-2">{t("col_status")}</th>
              <th className="px-3 py-2">{t("col_attempts")}</th>
              <th className="px-3 py-2">{t("col_time")}</th>
            </tr>
          </thead>
          <tbody>
            {graph.nodes.map((node) => {
              const n = byNode.get(node.id);
              const name =
                typeof (node.data as { name?: unknown }).name === "string"
                  ? (node.data as { name: string }).name
                  : node.id;
              return (
                <tr
                  key={node.id}
                  className={chosen === node.id ? "bg-indigo-50" : "border-t border-zinc-100"}
                  data-testid={`run-node-${node.id}`}
                >
                  <td className="px-3 py-2">
                    <button
                      type="button"
                      className="text-indigo-700 hover:underline"
                      onClick={() => setChosen(node.id)}
                    >
                      {name}
                    </button>
                  </td>
                  <td className="px-3 py-2">
                    <FlowStatusBadge status={n?.status} />
                  </td>
                  <td className="px-3 py-2 text-zinc-600">{n?.attempt ?? 0}</td>
                  <td className="px-3 py-2 text-zinc-600">
                    {n?.startedAt
                      ? duration(
                          (n.finishedAt ? new Date(n.finishedAt).getTime() : now) - new Date(n.startedAt).getTime(),
                          locale,
                        )
                      : "—"}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </Card>
      {pickedNode ? (
        <Card className="space-y-3 p-5" data-testid="run-node-details">
          <h2 className="text-base font-semibold text-zinc-900">{t("node_title", { name: pickedName })}</h2>
          {picked ? (
            <>
              <p className="text-sm text-zinc-700">
                <FlowStatusBadge status={picked.status} /> {t("attempts", { count: picked.attempt })}
                {picked.reused ? ` · ${t("reused")}` : ""}
              </p>
              {picked.error ? (
                <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
                  {picked.error}
                </p>
              ) : null}
              <div>
                <h3 className="mb-1 text-sm font-medium text-zinc-700">{t("output")}</h3>
                {picked.output === null || picked.output === undefined ? (
                  <p className="text-sm text-zinc-500">{t("no_output")}</p>
                ) : (
                  <pre className="max-h-80 overflow-auto rounded-md bg-zinc-900 p-3 font-mono text-xs text-zinc-100">
                    {JSON.stringify(picked.output, null, 2)}
                  </pre>
                )}
              </div>
              {pickedNode.type === "shell" || pickedNode.type === "http" || pickedNode.type === "sql" ? (
                <NodeLog
                  key={`${picked.id}-${picked.attempt}`}
                  tenant={tenant}
                  runNodeId={picked.id}
                  live={picked.status === "running"}
                  downloadHref={`/t/${tenant}/flows/${flowId}/runs/${runId}/log/${picked.id}`}
                  log={log}
                />
              ) : pickedNode.type === "job" && picked.jobRunId ? (
                <Link
                  href={`/t/${tenant}/jobs/${(pickedNode.data as { jobId?: string }).jobId ?? ""}/runs/${picked.jobRunId}`}
                  className="text-sm text-indigo-600 hover:underline"
                >
                  {t("job_run")}
                </Link>
              ) : null}
            </>
          ) : (
            <p className="text-sm text-zinc-500">{t("not_in_run")}</p>
          )}
        </Card>
      ) : (
        <p className="text-sm text-zinc-500">{t("pick_node")}</p>
      )}
    </div>
  );
}

/** An id inside a double-quoted attribute selector (CSS.escape is not there when the server renders). */
const quoted = (id: string) => id.replace(/["\\]/g, "\\$&");

/**
 * The edges a run has taken, drawn thick on the canvas (a stylesheet over React Flow's edge
 * elements, which carry their ids): an edge is taken when its source ended by its handle (a
 * success by `success`/`always`, a failure by `failure`/`always`, a condition by its result, the
 * start by `out`).
 */
function takenEdgesStyle(graph: FlowGraph, byNode: ReadonlyMap<string, FlowRunState["nodes"][number]>): string {
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.type]));
  const ids = graph.edges.filter((e) => {
    const source = byNode.get(e.source);
    if (!source) return false;
    const kind = kinds.get(e.source);
    const handle = e.sourceHandle ?? flowRegistry.get(kind ?? "")?.outputs[0]?.id;
    const ok = source.status === "success" || source.status === "reused";
    const bad = source.status === "failed" || source.status === "timeout";
    if (kind === "start") return ok;
    if (kind === "condition") {
      const result = (source.output as { result?: unknown } | null)?.result;
      return ok && ((handle === "true" && result === true) || (handle === "false" && result === false));
    }
    return handle === "always" ? ok || bad : handle === "success" ? ok : handle === "failure" ? bad : false;
  });
  if (ids.length === 0) return "";
  const selectors = ids.map((e) => `[data-flow-run] [data-testid="rf__edge-${quoted(e.id)}"] .react-flow__edge-path`);
  return `${selectors.join(",")}{stroke:rgb(16 185 129);stroke-width:3}`;
}
