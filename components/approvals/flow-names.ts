/**
 * How the approval designer names things: nodes, rules, levels in a line. Plain functions over a
 * translator (the client's `useTranslations("approvals")` or the server's `getTranslations`), so
 * the canvas, the path preview and the version diff page say the same. No server imports.
 */
import type { FlowLevel } from "@/lib/approvals/flow";
import { CONDITION, END, LEVEL, START } from "@/lib/approvals/flow-graph";
import type { ConditionData, ConditionRule, Graph, GraphEdge, GraphNode, RouteField } from "@/lib/graph/types";
import type { FlowChoice, FlowOptions } from "./flow-options";

/** An `approvals` translator. */
export type Translate = (key: string, values?: Record<string, string | number | Date>) => string;

/** A fresh level: single approver, nobody named yet (the badge says it needs configuring). */
export const blankLevel = (name: string): FlowLevel => ({
  name,
  kind: "single",
  users: [],
  roles: [],
  timeoutHours: null,
});

/**
 * What a node is called on the canvas, in lists and in rule routes: a level by its name, a
 * condition or an end by its kind and, when there are several, its place among them.
 */
export function nodeName(t: Translate, graph: Graph, node: GraphNode | undefined): string {
  if (!node) return t("designer.missing_node");
  if (node.type === LEVEL) return (node.data as FlowLevel).name.trim() || t("designer.unnamed_level");
  if (node.type === START) return t("designer.kinds.start");
  const same = graph.nodes.filter((n) => n.type === node.type);
  const n = same.length > 1 ? same.indexOf(node) + 1 : 0;
  if (node.type === END) return n ? t("designer.end_n", { n }) : t("designer.kinds.end");
  if (node.type === CONDITION) return n ? t("designer.condition_n", { n }) : t("designer.kinds.condition");
  return node.type;
}

/** Which fields offer a list of known values (stored as ids or role keys). */
export function choicesOf(
  field: RouteField,
  options: FlowOptions,
  roleName: (key: string) => string,
): FlowChoice[] | null {
  if (field === "environment") return options.environments;
  if (field === "purpose") return options.purposes;
  if (field === "template") return options.templates;
  if (field === "requesterRole")
    return options.roles.filter((r) => r.key !== "VIEWER").map((r) => ({ id: r.key, name: roleName(r.key) }));
  return null;
}

/** A rule in a few words, for the edge it leads by: "environment = PROD", "host matches api-.*". */
export function ruleText(
  t: Translate,
  rule: ConditionRule,
  options: FlowOptions,
  roleName: (key: string) => string,
): string {
  const choices = choicesOf(rule.field, options, roleName);
  const name = (v: string) => (choices ? (choices.find((c) => c.id === v)?.name ?? v) : v);
  const values = (Array.isArray(rule.value) ? rule.value : [rule.value]).map(name);
  const field =
    rule.field === "variable" ? rule.variable || t("designer.fields.variable") : t(`designer.fields.${rule.field}`);
  return t("designer.rule_text", { field, op: t(`designer.op_symbols.${rule.op}`), value: values.join(", ") });
}

/** The label on an edge leaving a condition: the rules that lead by it, or "default". */
export function conditionEdgeLabel(
  t: Translate,
  edge: GraphEdge,
  graph: Graph,
  options: FlowOptions,
  roleName: (key: string) => string,
): string | null {
  const source = graph.nodes.find((n) => n.id === edge.source);
  if (source?.type !== CONDITION) return null;
  const data = source.data as ConditionData;
  const parts = (data.rules ?? []).filter((r) => r.edge === edge.id).map((r) => ruleText(t, r, options, roleName));
  if (data.defaultEdge === edge.id) parts.push(t("designer.default_route"));
  return parts.length ? parts.join(" · ") : null;
}

export function levelSummary(t: Translate, level: FlowLevel): string {
  const count = level.users.length + level.roles.length;
  const parts = [
    t(`designer.kind_short.${level.kind}`),
    level.roles.length
      ? t("designer.approvers_roles", { users: level.users.length, roles: level.roles.length })
      : t("designer.approvers", { count }),
  ];
  if (level.timeoutHours) parts.push(t("designer.hours", { hours: level.timeoutHours }));
  return `${level.name.trim() || t("designer.unnamed_level")} — ${parts.join(" · ")}`;
}

/** A checkbox list's values after one box changed: `value` added (once) or taken out. */
export const toggle = (list: string[], value: string, on: boolean) =>
  on ? [...new Set([...list, value])] : list.filter((v) => v !== value);
