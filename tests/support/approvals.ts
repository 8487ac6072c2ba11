import { randomUUID } from "node:crypto";
import { type FlowLevel, levelsToGraph } from "@/lib/approvals/flow";
import { publishFlow } from "@/lib/approvals/publish-flow";
import { saveFlow } from "@/lib/approvals/save-flow";
import type { Actor } from "@/lib/tenants/actor";
import { type TFlowGraph, ZFlowGraph } from "@/lib/validation/approvals";

/** A graph as the designer's save action would receive it (parsed by its schema, strictly). */
export const asSent = (graph: unknown): TFlowGraph => ZFlowGraph.parse(graph);

/** Saves a flow's draft from a graph (a new flow unless `id`), as the designer's Save does. */
export function saveGraph(actor: Actor, graph: unknown, opts: { id?: string; name?: string } = {}) {
  return saveFlow(actor, {
    id: opts.id,
    name: opts.name ?? `flow ${randomUUID().slice(0, 6)}`,
    description: "",
    graph: asSent(graph),
  });
}

/**
 * A flow as today's form editor made it (a chain of `levels`, levelsToGraph), saved and published
 * as version 1: what every flow saved before versions became by migration 0029.
 */
export async function publishedChain(actor: Actor, levels: FlowLevel[], name?: string): Promise<{ id: string }> {
  const flow = await saveGraph(actor, levelsToGraph(levels), { name });
  await publishFlow(actor, { flowId: flow.id });
  return flow;
}

/** A chain of levels (levelsToGraph) as the designer sends it. */
export const chain = (levels: FlowLevel[]): TFlowGraph => asSent(levelsToGraph(levels));
