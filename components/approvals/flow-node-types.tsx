"use client";

import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import type { CanvasNodeType, InspectorProps } from "@/components/graph/types";
import { cn } from "@/components/ui/cn";
import { control, SelectField, TextField } from "@/components/ui/field";
import { useSay } from "@/components/ui/use-say";
import { approversIssue, type FlowLevel, LEVEL_KINDS, type LevelKind } from "@/lib/approvals/flow";
import {
  type ApprovalGraph,
  approvalRegistry,
  CONDITION,
  END,
  LEVEL,
  START,
  type StartEndData,
} from "@/lib/approvals/flow-graph";
import type { ConditionData, Graph, GraphEdge, NodeTypeSpec } from "@/lib/graph/types";
import { ConditionInspector } from "./condition-inspector";
import { blankLevel, conditionEdgeLabel, levelSummary, toggle } from "./flow-names";
import { useFlowOptions, useRoleName } from "./flow-options";

const spec = <D,>(kind: string) => approvalRegistry.get(kind) as NodeTypeSpec<D>;

// biome-ignore lint/suspicious/noExplicitAny: each kind has its own data type (GraphEditorProps["types"])
type AnyNodeType = CanvasNodeType<any>;

/** The approval flow's node kinds for GraphEditor, in the reader's language. */
export function useApprovalNodeTypes(): Record<string, AnyNodeType> {
  const t = useTranslations("approvals");
  return useMemo(() => {
    const types: Record<string, AnyNodeType> = {};
    const add = <D,>(kind: string, type: Omit<CanvasNodeType<D>, "spec">) => {
      types[kind] = { spec: spec<D>(kind), ...type };
    };
    add<StartEndData>(START, {
      label: t("designer.kinds.start"),
      palette: false,
      defaultData: () => ({}),
      summary: () => t("designer.start_summary"),
      configured: () => false,
      tone: "start",
    });
    add<StartEndData>(END, {
      label: t("designer.kinds.end"),
      palette: true,
      defaultData: () => ({}),
      summary: () => t("designer.end_summary"),
      configured: () => false,
      tone: "end",
    });
    add<FlowLevel>(LEVEL, {
      label: t("designer.kinds.approval"),
      palette: true,
      defaultData: () => blankLevel(t("designer.new_level")),
      summary: (level) => levelSummary(t, level),
      configured: (level) => level.users.length + level.roles.length > 0,
      Inspector: LevelInspector,
      tone: "neutral",
    });
    add<ConditionData>(CONDITION, {
      label: t("designer.kinds.condition"),
      palette: true,
      defaultData: () => ({ rules: [], defaultEdge: null }),
      summary: (data) => t("designer.condition_summary", { rules: data.rules?.length ?? 0 }),
      configured: (data) => (data.rules?.length ?? 0) > 0,
      Inspector: ConditionInspector,
      tone: "decision",
    });
    return types;
  }, [t]);
}

/** A level: name, kind, named members (searchable), roles (custom ones too), timeout; the approvers' problem inline. */
function LevelInspector({ node, readOnly, onChange }: InspectorProps<FlowLevel>) {
  const t = useTranslations("approvals");
  const say = useSay();
  const roleName = useRoleName();
  const { members, roles } = useFlowOptions();
  const [filter, setFilter] = useState("");
  const level = node.data;
  const set = (patch: Partial<FlowLevel>) => onChange({ ...level, ...patch });
  const issue = approversIssue(level);
  const q = filter.trim().toLowerCase();
  const shown = q
    ? members.filter((m) => m.name.toLowerCase().includes(q) || m.email.toLowerCase().includes(q))
    : members;
  const gone = level.users.filter((u) => !members.some((m) => m.userId === u));
  return (
    <fieldset className="space-y-4" disabled={readOnly} data-testid="level-inspector">
      <legend className="sr-only">{t("designer.level_settings")}</legend>
      <TextField
        label={t("designer.level_name")}
        value={level.name}
        maxLength={60}
        onChange={(e) => set({ name: e.target.value })}
        error={level.name.trim() ? undefined : say("approvals.level_name_required")}
      />
      <SelectField
        label={t("designer.level_kind")}
        value={level.kind}
        options={LEVEL_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))}
        onChange={(e) => set({ kind: e.target.value as LevelKind })}
        hint={t(`kind_help.${level.kind}`)}
      />
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-zinc-700">{t("designer.members")}</legend>
        {members.length > 6 ? (
          <input
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            aria-label={t("designer.filter_members")}
            placeholder={t("designer.filter_members")}
            className={cn(control, "mb-1 border-zinc-300")}
          />
        ) : null}
        <div className="max-h-44 space-y-1 overflow-y-auto rounded-md border border-zinc-200 p-2">
          {shown.map((m) => (
            <label key={m.userId} className="flex items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-zinc-50">
              <input
                type="checkbox"
                checked={level.users.includes(m.userId)}
                onChange={(e) => set({ users: toggle(level.users, m.userId, e.target.checked) })}
                className="accent-indigo-600"
              />
              <span>{m.name}</span>
              <span className="truncate text-zinc-400">{m.email}</span>
            </label>
          ))}
          {gone.map((u) => (
            <label key={u} className="flex items-center gap-2 px-1 py-0.5 text-sm text-zinc-500">
              <input
                type="checkbox"
                checked
                onChange={() => set({ users: level.users.filter((x) => x !== u) })}
                className="accent-indigo-600"
              />
              {t("flows.former_member")}
            </label>
          ))}
          {shown.length === 0 && gone.length === 0 ? (
            <p className="px-1 text-sm text-zinc-500">{t("designer.no_members")}</p>
          ) : null}
        </div>
      </fieldset>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-zinc-700">{t("editor.roles")}</legend>
        <div className="space-y-1 rounded-md border border-zinc-200 p-2">
          {roles
            .filter((r) => r.key !== "VIEWER")
            .map((r) => (
              <label key={r.key} className="flex items-center gap-2 px-1 py-0.5 text-sm">
                <input
                  type="checkbox"
                  checked={level.roles.includes(r.key)}
                  onChange={(e) => set({ roles: toggle(level.roles, r.key, e.target.checked) })}
                  className="accent-indigo-600"
                />
                {roleName(r.key)}
              </label>
            ))}
        </div>
      </fieldset>
      {issue ? (
        <p role="alert" className="text-sm text-red-600">
          {say(issue)}
        </p>
      ) : null}
      <TextField
        label={t("editor.timeout")}
        type="number"
        min={1}
        max={720}
        inputMode="numeric"
        placeholder={t("editor.no_limit")}
        value={level.timeoutHours === null ? "" : String(level.timeoutHours)}
        onChange={(e) => {
          const n = Number.parseInt(e.target.value, 10);
          set({ timeoutHours: Number.isFinite(n) && n > 0 ? Math.min(n, 720) : null });
        }}
      />
    </fieldset>
  );
}

/** The edge label callback for GraphEditor: conditions' rules on their edges. */
export function useFlowEdgeLabel() {
  const t = useTranslations("approvals");
  const options = useFlowOptions();
  const roleName = useRoleName();
  return useMemo(
    () => (edge: GraphEdge, graph: Graph) => conditionEdgeLabel(t, edge, graph as ApprovalGraph, options, roleName),
    [t, options, roleName],
  );
}
