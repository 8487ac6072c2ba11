import "server-only";
import { eq } from "drizzle-orm";
import { jobFlows } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { NotFoundError, pgConstraint, SafeError } from "@/lib/errors";
import { once } from "@/lib/idempotency";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { TSaveJobFlow } from "@/lib/validation/flows";
import type { FlowSettings } from "./catalog";
import { type FlowGraph, flowIssues } from "./graph";

/** The field a refusal of a graph names: "graph.node.<id>" when it is about one node (the designer points at it), else "graph". */
export const graphField = (nodeId?: string) => (nodeId ? `graph.node.${nodeId}` : "graph");

/**
 * Refuses a flow that has issues (flowIssues, the function the canvas runs) with `flows.invalid`,
 * naming the first issue in the reader's language and how many more there are. Pure: no database.
 */
export function refuseFlowIssues(graph: FlowGraph, settings: FlowSettings): void {
  const issues = flowIssues(graph, settings);
  const [first] = issues;
  if (!first) return;
  throw new SafeError("flows.invalid", {
    params: { first: first.message, more: issues.length - 1, ...(first.nodeId ? { nodeId: first.nodeId } : {}) },
    field: graphField(first.nodeId),
  });
}

/** What the audit log keeps of a flow: its name, description, settings and node count by kind. */
export function flowSummary(flow: {
  name: string;
  description: string;
  graph: FlowGraph;
  parameters: { name: string }[];
  parallelism: number;
  timeoutMs: number | null;
}) {
  const kinds: Record<string, number> = {};
  for (const n of flow.graph.nodes) kinds[n.type] = (kinds[n.type] ?? 0) + 1;
  return {
    name: flow.name,
    description: flow.description,
    nodes: kinds,
    edges: flow.graph.edges.length,
    parameters: flow.parameters.map((p) => p.name),
    parallelism: flow.parallelism,
    timeoutMs: flow.timeoutMs,
  };
}

/**
 * Creates or updates a job flow's draft from the designer: its graph and settings are checked as
 * the canvas checks them (flowIssues), and any issue refuses the save and writes nothing. Names
 * are unique per tenant (case-insensitive). Publishing is publishFlow. A repeat of the form's
 * idempotency key returns the first save.
 */
export async function saveFlow(actor: Actor, input: Omit<TSaveJobFlow, "tenant">): Promise<{ id: string }> {
  requirePermission(actor, "jobs.manage");
  const graph = input.graph as FlowGraph;
  const settings: FlowSettings = input.settings;
  refuseFlowIssues(graph, settings);
  const values = {
    name: input.name,
    description: input.description,
    graph,
    parameters: settings.parameters,
    parallelism: settings.parallelism,
    timeoutMs: settings.timeoutMs,
  };
  try {
    return await withTenant(
      actor,
      async (tx) =>
        (
          await once(tx, "job_flow.save", input, async () => {
            const after = flowSummary(values);
            if (input.id) {
              const [before] = await tx.select().from(jobFlows).where(eq(jobFlows.id, input.id)).for("update");
              if (!before || before.archived) throw new NotFoundError("flow");
              await tx
                .update(jobFlows)
                .set({ ...values, updatedBy: actor.userId, updatedAt: new Date() })
                .where(eq(jobFlows.id, input.id));
              await audit(tx, {
                action: "job_flow.update",
                targetType: "job_flow",
                targetId: input.id,
                before: flowSummary(before),
                after,
              });
              return { id: input.id };
            }
            const [row] = await tx
              .insert(jobFlows)
              .values({ ...values, createdBy: actor.userId, updatedBy: actor.userId })
              .returning({ id: jobFlows.id });
            if (!row) throw new Error("insert returned nothing");
            await audit(tx, { action: "job_flow.create", targetType: "job_flow", targetId: row.id, after });
            return row;
          })
        ).result,
    );
  } catch (error) {
    if (pgConstraint(error) === "job_flows_name_key")
      throw new SafeError("flows.name_taken", { params: { name: input.name }, field: "name" });
    throw error;
  }
}
