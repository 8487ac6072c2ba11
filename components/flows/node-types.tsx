"use client";

import { useTranslations } from "next-intl";
import { useMemo } from "react";
import type { CanvasNodeType } from "@/components/graph/types";
import {
  type ConditionNodeData,
  DEFAULT_NODE_POLICY,
  type FlowNodeKind,
  type GateNodeData,
  type HttpNodeData,
  type JobNodeData,
  type ShellNodeData,
  type SqlNodeData,
  type StartEndData,
} from "@/lib/flows/catalog";
import { flowRegistry } from "@/lib/flows/graph";
import type { Graph, GraphEdge, NodeTypeSpec } from "@/lib/graph/types";
import { useFlowDesignerOptions } from "./flow-options";
import {
  ConditionInspector,
  GateInspector,
  HttpInspector,
  JobInspector,
  ShellInspector,
  SqlInspector,
} from "./inspectors";

// biome-ignore lint/suspicious/noExplicitAny: each kind has its own data type (GraphEditorProps["types"])
type AnyNodeType = CanvasNodeType<any>;

const spec = <D,>(kind: FlowNodeKind) => flowRegistry.get(kind) as NodeTypeSpec<D>;

export const NEW_SHELL: ShellNodeData["config"] = { command: "", workdir: "", envKeys: [], timeoutMs: 300_000 };
export const NEW_HTTP: HttpNodeData["config"] = {
  method: "GET",
  url: "",
  headers: {},
  body: "",
  expectStatus: null,
  timeoutMs: 30_000,
  maxBytes: 1024 * 1024,
};
export const NEW_SQL: SqlNodeData["config"] = {
  datasourceId: "",
  query: "",
  params: [],
  statementTimeoutMs: 30_000,
  rowCap: 1000,
  readOnly: true,
};

const firstLine = (text: string) => text.split("\n", 1)[0]?.trim() ?? "";

/** The job flow's node kinds for GraphEditor, in the reader's language. */
export function useFlowNodeTypes(): Record<string, AnyNodeType> {
  const t = useTranslations("flows.designer");
  const ta = useTranslations("approvals");
  const { jobs, datasources } = useFlowDesignerOptions();
  return useMemo(() => {
    const types: Record<string, AnyNodeType> = {};
    const add = <D,>(kind: FlowNodeKind, type: Omit<CanvasNodeType<D>, "spec">) => {
      types[kind] = { spec: spec<D>(kind), ...type };
    };
    const named = (name: string, rest: string) => (rest ? `${name} · ${rest}` : name);
    add<StartEndData>("start", {
      label: t("kinds.start"),
      palette: false,
      defaultData: () => ({}),
      summary: () => t("summary.start"),
      configured: () => false,
      tone: "start",
    });
    add<StartEndData>("end", {
      label: t("kinds.end"),
      palette: true,
      defaultData: () => ({}),
      summary: () => t("summary.end"),
      configured: () => false,
      tone: "end",
    });
    add<JobNodeData>("job", {
      label: t("kinds.job"),
      palette: true,
      defaultData: () => ({ name: t("defaults.job"), jobId: null, params: {}, policy: { ...DEFAULT_NODE_POLICY } }),
      summary: (d) => named(d.name, jobs.find((j) => j.id === d.jobId)?.name ?? t("summary.no_job")),
      configured: (d) => d.jobId !== null,
      Inspector: JobInspector,
    });
    add<ShellNodeData>("shell", {
      label: t("kinds.shell"),
      palette: true,
      defaultData: () => ({
        name: t("defaults.shell"),
        config: structuredClone(NEW_SHELL),
        policy: { ...DEFAULT_NODE_POLICY },
      }),
      summary: (d) => named(d.name, firstLine(d.config.command) || t("summary.no_command")),
      configured: (d) => d.config.command.trim() !== "",
      Inspector: ShellInspector,
    });
    add<HttpNodeData>("http", {
      label: t("kinds.http"),
      palette: true,
      defaultData: () => ({
        name: t("defaults.http"),
        config: structuredClone(NEW_HTTP),
        policy: { ...DEFAULT_NODE_POLICY },
      }),
      summary: (d) => named(d.name, d.config.url ? `${d.config.method} ${d.config.url}` : t("summary.no_url")),
      configured: (d) => d.config.url.trim() !== "",
      Inspector: HttpInspector,
    });
    add<SqlNodeData>("sql", {
      label: t("kinds.sql"),
      palette: true,
      defaultData: () => ({
        name: t("defaults.sql"),
        config: structuredClone(NEW_SQL),
        policy: { ...DEFAULT_NODE_POLICY },
      }),
      summary: (d) =>
        named(d.name, datasources.find((x) => x.id === d.config.datasourceId)?.name ?? t("summary.no_datasource")),
      configured: (d) => d.config.query.trim() !== "",
      Inspector: SqlInspector,
    });
    add<GateNodeData>("gate", {
      label: t("kinds.gate"),
      palette: true,
      defaultData: () => ({
        name: t("defaults.gate"),
        level: { name: t("defaults.gate"), kind: "or", users: [], roles: [], timeoutHours: null },
        timeoutHours: 24,
        onTimeout: "reject",
        policy: { ...DEFAULT_NODE_POLICY },
      }),
      summary: (d) =>
        named(
          d.name,
          t("summary.gate", {
            kind: ta(`kinds.${d.level.kind}`),
            approvers: d.level.users.length + d.level.roles.length,
            hours: d.timeoutHours,
          }),
        ),
      configured: (d) => d.level.users.length + d.level.roles.length > 0,
      Inspector: GateInspector,
      tone: "branch",
    });
    add<ConditionNodeData>("condition", {
      label: t("kinds.condition"),
      palette: true,
      defaultData: () => ({ name: t("defaults.condition"), expression: "" }),
      summary: (d) => named(d.name, d.expression || t("summary.no_expression")),
      configured: (d) => d.expression.trim() !== "",
      Inspector: ConditionInspector,
      tone: "decision",
    });
    return types;
  }, [t, ta, jobs, datasources]);
}

/** The edge label callback for GraphEditor: the output an edge leaves by ("on success", "true", …). */
export function useFlowEdgeLabel() {
  const t = useTranslations("flows.designer.edge");
  return useMemo(
    () => (edge: GraphEdge, graph: Graph) => {
      const source = graph.nodes.find((n) => n.id === edge.source);
      const handle = edge.sourceHandle ?? (source ? flowRegistry.get(source.type)?.outputs[0]?.id : undefined);
      return handle === "success" ||
        handle === "failure" ||
        handle === "always" ||
        handle === "true" ||
        handle === "false"
        ? t(handle)
        : null;
    },
    [t],
  );
}
