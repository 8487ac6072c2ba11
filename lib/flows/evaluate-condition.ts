import "server-only";
import { msg } from "@/lib/i18n/message";
import type { ConditionNodeData } from "./catalog";
import type { NodeOutcome } from "./engine";
import { evaluate, parseExpression } from "./expression";
import type { FlowGraph } from "./graph";
import type { FlowScope } from "./references";

/**
 * A condition node's outcome (pure: the flow-run function evaluates it while replaying): its
 * expression over the run's parameters and the ended nodes' statuses and outputs. It succeeds with
 * `conditionResult` (the run leaves by `true` or `false`); an expression that does not parse or
 * evaluate fails the node (its policy, the default's, applies).
 */
export function evaluateCondition(
  graph: FlowGraph,
  nodeId: string,
  params: Record<string, string>,
  outcomes: ReadonlyMap<string, NodeOutcome>,
): { outcome: NodeOutcome; error: string | null } {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const scope: FlowScope = {
    params,
    nodes: Object.fromEntries([...outcomes].map(([id, o]) => [id, { status: o.status, output: o.output ?? null }])),
  };
  try {
    const expression = (node?.data as ConditionNodeData | undefined)?.expression ?? "";
    const parsed = parseExpression(expression);
    if (!parsed.ok) return { outcome: { status: "failed" }, error: parsed.error };
    const result = evaluate(parsed, scope);
    return { outcome: { status: "success", conditionResult: result, output: { result } }, error: null };
  } catch {
    return { outcome: { status: "failed" }, error: msg("flows.condition_failed") };
  }
}
