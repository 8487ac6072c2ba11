import "server-only";
import { getFlow, getFlowVersion } from "@/db/queries/approvals";
import { type Tx, withTenant } from "@/db/tenant";
import { NotFoundError, SafeError } from "@/lib/errors";
import { RouteError } from "@/lib/graph/route";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { TPreviewRoute } from "@/lib/validation/approvals";
import { graphField, refuseFlowIssues } from "./check-flow";
import { describeRoute } from "./describe-route";
import { type ApprovalGraph, asApprovalGraph, type RoutePreview, routeLevels, routeVariables } from "./flow-graph";

/**
 * The route sample values take through a flow, with the members each level would ask (the
 * designer's path preview; no requester, so four eyes is not applied). The graph is the
 * designer's unsaved one (checked like a save first), or a stored flow's version: `version`
 * absent = the published one, 0 = the draft. Another tenant's flow is not found.
 */
export async function previewRoute(actor: Actor, input: Omit<TPreviewRoute, "tenant">): Promise<RoutePreview> {
  requirePermission(actor, "flows.manage");
  return withTenant(actor, async (tx) => {
    const { graph, version } = await graphToPreview(tx, input);
    const { variables, ...facts } = input.values;
    const routed = routeOrRefuse(graph, { ...facts, variables: routeVariables(variables) });
    return describeRoute(tx, graph, routed, { version });
  });
}

async function graphToPreview(
  tx: Tx,
  input: Omit<TPreviewRoute, "tenant">,
): Promise<{ graph: ApprovalGraph; version: number | null }> {
  const flow = input.flowId ? await getFlow(tx, input.flowId) : null;
  if (input.flowId && !flow) throw new NotFoundError("flow");
  if (input.graph) {
    const graph = asApprovalGraph(input.graph);
    refuseFlowIssues(graph);
    return { graph, version: null };
  }
  if (!flow) throw new SafeError("approvals.preview_graph_or_flow");
  if (input.version === 0) {
    const graph = asApprovalGraph(flow.graph);
    refuseFlowIssues(graph);
    return { graph, version: null };
  }
  const n = input.version ?? flow.publishedVersion;
  if (n === null) throw new SafeError("approvals.not_published");
  const stored = await getFlowVersion(tx, flow.id, n);
  if (!stored) throw new SafeError("approvals.version_not_found", { params: { version: n } });
  return { graph: asApprovalGraph(stored.graph), version: n };
}

/** routeLevels, its rare refusal (a graph the checks let through but the walk cannot follow) as a SafeError. */
export function routeOrRefuse(graph: ApprovalGraph, values: Parameters<typeof routeLevels>[1]) {
  try {
    return routeLevels(graph, values);
  } catch (error) {
    if (error instanceof RouteError)
      throw new SafeError(error.message, { field: graphField(error.nodeId || undefined) });
    throw error;
  }
}
