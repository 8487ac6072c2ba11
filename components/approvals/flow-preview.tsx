"use client";

import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { failureOf } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField, TextField } from "@/components/ui/field";
import type { ApprovalGraph, RoutePreview } from "@/lib/approvals/flow-graph";
import type { ConditionData } from "@/lib/graph/types";
import { nodeName, ruleText } from "./flow-names";
import { useFlowOptions, useRoleName } from "./flow-options";
import { RouteLevels } from "./route-levels";

// biome-ignore lint/suspicious/noExplicitAny: a safe action; the result shape is what is read
type AnyAction = (input: any) => Promise<any>;
type Row = { key: number; name: string; value: string };

let nextRow = 1;

/**
 * The path preview: sample values (environment, purpose, template, the requester's role,
 * variables as name = value rows) and the route the graph on screen sends them along, with the
 * members each level would ask. Runs on the unsaved graph, a moment after the last change.
 */
export function FlowPreview({
  tenant,
  flowId,
  graph,
  valid,
  preview,
  onRoute,
}: {
  tenant: string;
  flowId?: string;
  graph: ApprovalGraph;
  /** The graph passes the flow's checks (else there is no route to show). */
  valid: boolean;
  preview: AnyAction;
  /** The node ids of the route shown (to highlight them), or null. */
  onRoute?: (path: string[] | null) => void;
}) {
  const t = useTranslations("approvals");
  const options = useFlowOptions();
  const roleName = useRoleName();
  const [environment, setEnvironment] = useState("");
  const [purpose, setPurpose] = useState("");
  const [template, setTemplate] = useState("");
  const [requesterRole, setRequesterRole] = useState("MEMBER");
  const [rows, setRows] = useState<Row[]>([]);
  const [result, setResult] = useState<RoutePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const asked = useRef(0);
  const routeSink = useRef(onRoute);
  routeSink.current = onRoute;

  const values = {
    environment: environment || undefined,
    purpose: purpose || undefined,
    template: template || undefined,
    requesterRole: requesterRole || undefined,
    variables: Object.fromEntries(rows.filter((r) => r.name.trim()).map((r) => [r.name.trim(), r.value])),
  };
  // Moving a node changes no route: the preview is asked again only when the structure or the values change.
  const latest = useRef(graph);
  latest.current = graph;
  const structure = { nodes: graph.nodes.map((n) => [n.id, n.type, n.data]), edges: graph.edges };
  const request = JSON.stringify({ structure, values });

  useEffect(() => {
    if (!valid) {
      setResult(null);
      setError(null);
      routeSink.current?.(null);
      return;
    }
    const n = ++asked.current;
    setBusy(true);
    const timer = setTimeout(async () => {
      const { values: v } = JSON.parse(request);
      const g = latest.current;
      let res: { data?: RoutePreview; serverError?: unknown; validationErrors?: unknown } | undefined;
      try {
        res = await preview({ tenant, flowId, graph: g, values: v });
      } catch {
        res = undefined;
      }
      if (n !== asked.current) return;
      setBusy(false);
      const failure = res ? failureOf(res) : t("designer.unreachable");
      if (failure !== null || !res?.data) {
        setError(failure ?? t("designer.unreachable"));
        setResult(null);
        routeSink.current?.(null);
      } else {
        setError(null);
        setResult(res.data);
        routeSink.current?.(res.data.path.map((s) => s.nodeId));
      }
    }, 400);
    return () => clearTimeout(timer);
  }, [request, valid, preview, tenant, flowId, t]);

  const choice = (list: { id: string; name: string }[], none: string) => [
    { value: "", label: none },
    ...list.map((c) => ({ value: c.id, label: c.name })),
  ];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const levelById = new Map((result?.levels ?? []).map((l) => [l.nodeId, l]));

  return (
    <Card className="space-y-4 p-5" data-testid="path-preview">
      <div>
        <h2 className="text-sm font-semibold">{t("preview.title")}</h2>
        <p className="text-sm text-zinc-500">{t("preview.help")}</p>
      </div>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField
          label={t("preview.environment")}
          value={environment}
          options={choice(options.environments, t("preview.none"))}
          onChange={(e) => setEnvironment(e.target.value)}
        />
        <SelectField
          label={t("preview.purpose")}
          value={purpose}
          options={choice(options.purposes, t("preview.none"))}
          onChange={(e) => setPurpose(e.target.value)}
        />
        <SelectField
          label={t("preview.template")}
          value={template}
          options={choice(options.templates, t("preview.none"))}
          onChange={(e) => setTemplate(e.target.value)}
        />
        <SelectField
          label={t("preview.requester_role")}
          value={requesterRole}
          options={choice(
            options.roles.filter((r) => r.key !== "VIEWER").map((r) => ({ id: r.key, name: roleName(r.key) })),
            t("preview.none"),
          )}
          onChange={(e) => setRequesterRole(e.target.value)}
        />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium text-zinc-700">{t("preview.variables")}</legend>
        {rows.map((row, i) => (
          <div key={row.key} className="flex items-end gap-2">
            <TextField
              label={t("preview.variable_name", { n: i + 1 })}
              value={row.name}
              maxLength={64}
              onChange={(e) => setRows((rs) => rs.map((r) => (r.key === row.key ? { ...r, name: e.target.value } : r)))}
            />
            <TextField
              label={t("preview.variable_value", { n: i + 1 })}
              value={row.value}
              maxLength={200}
              onChange={(e) =>
                setRows((rs) => rs.map((r) => (r.key === row.key ? { ...r, value: e.target.value } : r)))
              }
            />
            <Button
              variant="ghost"
              size="sm"
              className="mb-1 text-red-600"
              aria-label={t("preview.remove_variable", { n: i + 1 })}
              onClick={() => setRows((rs) => rs.filter((r) => r.key !== row.key))}
            >
              <Trash2 className="size-4" aria-hidden />
            </Button>
          </div>
        ))}
        <Button
          variant="secondary"
          size="sm"
          disabled={rows.length >= 20}
          onClick={() => setRows((rs) => [...rs, { key: nextRow++, name: "", value: "" }])}
        >
          <Plus className="size-4" aria-hidden />
          {t("preview.add_variable")}
        </Button>
      </fieldset>
      <div aria-live="polite" aria-busy={busy || undefined} data-testid="preview-route">
        {!valid ? (
          <p className="text-sm text-zinc-500">{t("preview.fix_first")}</p>
        ) : error ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : result ? (
          <div className="space-y-3">
            <ol
              className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-600"
              data-testid="preview-path"
            >
              {result.path.map((step, i) => {
                const node = byId.get(step.nodeId);
                const taken = result.conditions.find((c) => c.nodeId === step.nodeId);
                const data = node?.data as ConditionData | undefined;
                const rule = taken && taken.rule !== "default" ? data?.rules?.[taken.rule] : undefined;
                return (
                  <li key={step.nodeId} className="flex items-center gap-2">
                    {i > 0 ? <span aria-hidden>→</span> : null}
                    <span className={levelById.has(step.nodeId) ? "font-medium text-zinc-900" : undefined}>
                      {nodeName(t, graph, node)}
                      {taken ? ` (${rule ? ruleText(t, rule, options, roleName) : t("designer.default_route")})` : ""}
                    </span>
                  </li>
                );
              })}
            </ol>
            <RouteLevels levels={result.levels} testId="preview-levels" />
            {onRoute ? <p className="text-xs text-zinc-500">{t("preview.highlighted")}</p> : null}
          </div>
        ) : (
          <p className="text-sm text-zinc-500">{t("preview.working")}</p>
        )}
      </div>
    </Card>
  );
}
