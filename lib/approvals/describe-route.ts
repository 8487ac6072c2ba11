import "server-only";
import { inArray } from "drizzle-orm";
import { tenantRoles, users, woCategories, woTemplates } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import type { ConditionData, ConditionRule } from "@/lib/graph/types";
import { resolveApprovers } from "./engine";
import {
  type ApprovalGraph,
  CONDITION,
  type ConditionChoice,
  LEVEL,
  type RoutedLevel,
  type RoutePreview,
  type RouteStep,
} from "./flow-graph";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A rule as people read it, its ids shown by name: "PROD", "≠ PROD", "PROD, UAT", "Host = web1", "Host ~ web.*". */
export function ruleLabel(rule: ConditionRule, names: ReadonlyMap<string, string>): string {
  const list = Array.isArray(rule.value) ? rule.value : [rule.value];
  const text = list.map((v) => names.get(v) ?? v).join(", ");
  const op = rule.op === "neq" ? "≠ " : rule.op === "matches" ? "~ " : "";
  if (rule.field === "variable") return `${rule.variable ?? ""} ${op || "= "}${text}`;
  return `${op}${text}`;
}

/** Names of the categories, templates and roles that rules compare with, by id (or role key). */
async function ruleNames(tx: Tx, rules: ConditionRule[]): Promise<Map<string, string>> {
  const values = (field: ConditionRule["field"]) =>
    rules.filter((r) => r.field === field).flatMap((r) => (Array.isArray(r.value) ? r.value : [r.value]));
  const ids = [...new Set([...values("environment"), ...values("purpose"), ...values("template")])].filter((v) =>
    UUID.test(v),
  );
  const roles = [...new Set(values("requesterRole"))];
  const none = Promise.resolve([] as { id: string; name: string }[]);
  const [categories, templates, roleRows] = await Promise.all([
    ids.length
      ? tx
          .select({ id: woCategories.id, name: woCategories.name })
          .from(woCategories)
          .where(inArray(woCategories.id, ids))
      : none,
    ids.length
      ? tx.select({ id: woTemplates.id, name: woTemplates.name }).from(woTemplates).where(inArray(woTemplates.id, ids))
      : none,
    roles.length
      ? tx
          .select({ id: tenantRoles.key, name: tenantRoles.name })
          .from(tenantRoles)
          .where(inArray(tenantRoles.key, roles))
      : none,
  ]);
  return new Map([...categories, ...templates, ...roleRows].map((r) => [r.id, r.name]));
}

/** Each condition's choice on a route, with its rule told by name ("" for the default). */
export async function labelChoices(tx: Tx, graph: ApprovalGraph, conditions: ConditionChoice[]) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const taken = conditions.flatMap((c) => {
    const data = byId.get(c.nodeId)?.data as ConditionData | undefined;
    const rule = c.rule === "default" ? undefined : data?.rules[c.rule];
    return rule ? [rule] : [];
  });
  const names = await ruleNames(tx, taken);
  return conditions.map((c) => {
    const data = byId.get(c.nodeId)?.data as ConditionData | undefined;
    const rule = c.rule === "default" ? undefined : data?.rules[c.rule];
    return { ...c, label: rule ? ruleLabel(rule, names) : "" };
  });
}

/**
 * A route for people: its steps by name, each level with the members who would be asked (as the
 * engine resolves them, less `barred`: the requester under four eyes), each condition's rule.
 */
export async function describeRoute(
  tx: Tx,
  graph: ApprovalGraph,
  route: { path: string[]; levels: RoutedLevel[]; conditions: ConditionChoice[] },
  opts: { version: number | null; barred?: readonly string[] },
): Promise<RoutePreview> {
  const barred = opts.barred ?? [];
  const [conditions, approverIds] = await Promise.all([
    labelChoices(tx, graph, route.conditions),
    Promise.all(route.levels.map((level) => resolveApprovers(tx, level, barred))),
  ]);
  const everyone = [...new Set(approverIds.flat())];
  const people = everyone.length
    ? await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, everyone))
    : [];
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const choice = new Map(conditions.map((c) => [c.nodeId, c]));
  const path: RouteStep[] = route.path.map((nodeId) => {
    const node = byId.get(nodeId);
    const type = node?.type ?? "";
    const name =
      type === LEVEL
        ? (route.levels.find((l) => l.nodeId === nodeId)?.name ?? "")
        : type === CONDITION
          ? (choice.get(nodeId)?.label ?? "")
          : "";
    return { nodeId, type, name };
  });
  return {
    version: opts.version,
    path,
    levels: route.levels.map((level, i) => ({
      nodeId: level.nodeId,
      name: level.name,
      kind: level.kind,
      timeoutHours: level.timeoutHours,
      approvers: (approverIds[i] ?? []).map((userId) => ({ userId, name: nameOf.get(userId) ?? "" })),
    })),
    conditions,
  };
}

/** A step of a route as the order's timeline tells it ("route" record, `detail.steps`). */
export type TimelineStep = { type: "level"; name: string } | { type: "condition"; label: string };

/** The steps of a route worth telling: its conditions by the rule they took ("" = default) and its levels by name. */
export async function routeSteps(
  tx: Tx,
  graph: ApprovalGraph,
  route: { path: string[]; levels: RoutedLevel[]; conditions: ConditionChoice[] },
): Promise<TimelineStep[]> {
  const labels = new Map((await labelChoices(tx, graph, route.conditions)).map((c) => [c.nodeId, c.label]));
  const levels = new Map(route.levels.map((l) => [l.nodeId, l.name]));
  return route.path.flatMap((nodeId): TimelineStep[] => {
    const name = levels.get(nodeId);
    if (name !== undefined) return [{ type: "level", name }];
    const label = labels.get(nodeId);
    return label === undefined ? [] : [{ type: "condition", label }];
  });
}
