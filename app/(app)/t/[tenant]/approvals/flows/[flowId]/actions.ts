"use server";

/*
 * The flow designer's actions (helper C calls them; shapes are stable).
 *
 * saveFlowAction(input: {
 *   tenant: string; id?: string (uuid; absent = a new flow); name: string; description?: string;
 *   graph: { nodes: FlowNode[]; edges: FlowEdge[] };   // lib/validation/approvals.ts ZFlowGraph, strict:
 *     // node = { id (≤64 chars), type: "start" | "end" | "approval" | "condition", position: {x, y},
 *     //          pinned?: boolean, data }   start/end: data absent or {}; approval: FlowLevel;
 *     //          condition: { rules: ConditionRule[] (≤20), defaultEdge: string | null }
 *     // edge = { id, source, target, sourceHandle?, targetHandle? }   (no other keys: strip React Flow's)
 *   idempotencyKey: string;
 * }) → { id: string }
 *   Writes the draft only (approval_flows.graph). A refused graph answers serverError
 *   { code, message, field }: code is the first issue's ("graph.cycle", "graph.no_default_route",
 *   "approvals.route_without_level", "approvals.approvers_not_members", ...), field is
 *   "graph.node.<nodeId>" when the issue is at a node, else "graph".
 *
 * publishFlowAction(input: { tenant: string; flowId: string }) → { version: number }
 *   The stored draft becomes the next version. An unchanged draft is refused:
 *   code "approvals.already_published" ({version}); an invalid draft as saveFlow refuses.
 *
 * previewRouteAction(input: {
 *   tenant: string;
 *   flowId?: string; graph?: ZFlowGraph;   // graph = the editor's unsaved graph (checked like a save);
 *   version?: number;                       // else flowId's version N (absent = published, 0 = draft)
 *   values: { environment?: categoryId; purpose?: categoryId; template?: templateId;
 *             requesterRole?: roleKey; variables?: Record<string, string | string[]> };
 * }) → RoutePreview (lib/approvals/flow-graph.ts):
 *   { version: number | null;                              // null for an unsaved graph or a draft
 *     path: { nodeId; type; name }[];                      // start → … → end; level = its name,
 *                                                          // condition = the taken rule's label ("" default)
 *     levels: { nodeId; name; kind; timeoutHours; approvers: { userId; name }[] }[];
 *     conditions: { nodeId; rule: number (0-based index in rules) | "default"; label }[] }
 *   A multi-value variable is read as its values joined with "," ("a,b").
 *   Four-eyes is not applied here (the editor has no requester).
 *
 * (previewOrderRouteAction is in app/(app)/t/[tenant]/work-orders/actions.ts.)
 */

import { revalidatePath } from "next/cache";
import { previewRoute } from "@/lib/approvals/preview-route";
import { publishFlow } from "@/lib/approvals/publish-flow";
import { saveFlow } from "@/lib/approvals/save-flow";
import { tenantAction } from "@/lib/safe-action";
import { ZPreviewRoute, ZPublishFlow, ZSaveFlow } from "@/lib/validation/approvals";

export const saveFlowAction = tenantAction.inputSchema(ZSaveFlow).action(async ({ parsedInput, ctx }) => {
  const saved = await saveFlow(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/approvals/flows`, "layout");
  return saved;
});

export const publishFlowAction = tenantAction.inputSchema(ZPublishFlow).action(async ({ parsedInput, ctx }) => {
  const published = await publishFlow(ctx.actor, parsedInput);
  revalidatePath(`/t/${ctx.tenant.slug}/approvals/flows`, "layout");
  revalidatePath(`/t/${ctx.tenant.slug}/work-orders`, "layout");
  return published;
});

export const previewRouteAction = tenantAction
  .inputSchema(ZPreviewRoute)
  .action(async ({ parsedInput, ctx }) => previewRoute(ctx.actor, parsedInput));
