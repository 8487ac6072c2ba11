/**
 * What changed between two versions of an approval flow, in sentences people read ("Added level
 * “Change board”", "Level “Lead”: kind Single → Or-sign", "Moved 3 steps"), from lib/graph's
 * generic `diffGraphs`. Plain functions over an `approvals` translator; no server imports.
 */
import type { FlowLevel } from "@/lib/approvals/flow";
import { CONDITION, LEVEL } from "@/lib/approvals/flow-graph";
import type { GraphDiff } from "@/lib/graph/diff";
import type { ConditionRule, Graph, GraphNode } from "@/lib/graph/types";
import { nodeName, ruleText, type Translate } from "./flow-names";
import type { FlowOptions } from "./flow-options";

export type DiffNames = {
  options: FlowOptions;
  /** A role's name in the reader's language. */
  roleName: (key: string) => string;
  /** A member's name (a former member's too, if known). */
  memberName: (userId: string) => string;
  /** The list separator of the reader's language (", " or "、"). */
  sep: string;
};

const quoted = (t: Translate, name: string) => t("diff.quoted", { name });

/** A step as a sentence names it: level “Lead”, Condition 2, End. */
function stepName(t: Translate, graph: Graph, node: GraphNode, opensSentence = false): string {
  const name = nodeName(t, graph, node);
  if (node.type !== LEVEL) return name;
  return t(opensSentence ? "diff.level_start" : "diff.level", { name: quoted(t, name) });
}

function ruleLine(t: Translate, graph: Graph, rule: ConditionRule, names: DiffNames): string {
  const edge = graph.edges.find((e) => e.id === rule.edge);
  const target = edge
    ? nodeName(
        t,
        graph,
        graph.nodes.find((n) => n.id === edge.target),
      )
    : t("designer.missing_node");
  return t("diff.rule", { rule: ruleText(t, rule, names.options, names.roleName), to: target });
}

function routeTarget(t: Translate, graph: Graph, edgeId: unknown): string {
  const edge = typeof edgeId === "string" ? graph.edges.find((e) => e.id === edgeId) : undefined;
  return edge
    ? nodeName(
        t,
        graph,
        graph.nodes.find((n) => n.id === edge.target),
      )
    : t("diff.nothing");
}

/** One value of a level's field as text. */
function levelValue(t: Translate, field: string, value: unknown, names: DiffNames): string {
  if (field === "kind") return t(`designer.kind_short.${String(value)}`);
  if (field === "timeoutHours") return value ? t("designer.hours", { hours: Number(value) }) : t("diff.no_limit");
  if (field === "users") {
    const list = (value as string[] | undefined) ?? [];
    return list.length ? list.map(names.memberName).join(names.sep) : t("diff.nobody");
  }
  if (field === "roles") {
    const list = (value as string[] | undefined) ?? [];
    return list.length ? list.map(names.roleName).join(names.sep) : t("diff.no_roles");
  }
  return typeof value === "string" ? value : JSON.stringify(value ?? null);
}

/** Every change from `before` to `after`, one sentence each, additions first, moves counted last. */
export function diffSentences(t: Translate, diff: GraphDiff, before: Graph, after: Graph, names: DiffNames): string[] {
  const lines: string[] = [];
  for (const node of diff.nodes.added) lines.push(t("diff.added", { step: stepName(t, after, node) }));
  for (const node of diff.nodes.removed) lines.push(t("diff.removed", { step: stepName(t, before, node) }));
  for (const change of diff.nodes.changed) {
    const step = stepName(t, after, change.after, true);
    for (const { field, before: was, after: now } of change.fields) {
      if (field === "type") {
        lines.push(t("diff.retyped", { step, from: String(was), to: String(now) }));
      } else if (change.after.type === LEVEL && field === "name") {
        const old = (change.before.data as FlowLevel).name;
        lines.push(t("diff.renamed", { from: quoted(t, old), to: quoted(t, String(now)) }));
      } else if (change.after.type === LEVEL) {
        lines.push(
          t("diff.level_field", {
            step,
            field: t(`diff.fields.${["kind", "users", "roles", "timeoutHours"].includes(field) ? field : "other"}`),
            from: levelValue(t, field, was, names),
            to: levelValue(t, field, now, names),
          }),
        );
      } else if (change.after.type === CONDITION && field === "rules") {
        const list = (graph: Graph, rules: unknown) =>
          ((rules as ConditionRule[] | undefined) ?? []).map((r) => ruleLine(t, graph, r, names)).join("; ") ||
          t("diff.no_rules");
        lines.push(t("diff.rules", { step, from: list(before, was), to: list(after, now) }));
      } else if (change.after.type === CONDITION && field === "defaultEdge") {
        lines.push(
          t("diff.default_route", { step, from: routeTarget(t, before, was), to: routeTarget(t, after, now) }),
        );
      } else {
        lines.push(t("diff.changed", { step }));
      }
    }
  }
  const name = (graph: Graph, id: string) => {
    const node = graph.nodes.find((n) => n.id === id);
    return node ? nodeName(t, graph, node) : t("designer.missing_node");
  };
  for (const edge of diff.edges.added)
    lines.push(t("diff.connected", { from: name(after, edge.source), to: name(after, edge.target) }));
  for (const edge of diff.edges.removed)
    lines.push(t("diff.disconnected", { from: name(before, edge.source), to: name(before, edge.target) }));
  if (diff.nodes.moved.length) lines.push(t("diff.moved", { count: diff.nodes.moved.length }));
  return lines;
}
