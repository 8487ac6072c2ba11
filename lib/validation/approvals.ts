import { z } from "zod";
import { LEVEL_KINDS } from "@/lib/approvals/flow";
import { ROUTE_FIELDS, ROUTE_OPS } from "@/lib/graph/types";
import { msg } from "@/lib/i18n/message";
import { graphNodeBase, ZGraphEdge, zGraphId } from "./graph";
import { ZTenantInput, zIdempotencyKey, zRole } from "./tenancy";
import { zKey, zObject, zRecord, zText } from "./text";

/** The most roles a list (who may submit, who approves) names: the built-in four and custom ones. */
export const MAX_ROLES = 50;

export const ZFlowLevel = zObject({
  name: zText({ min: 1, max: 60, required: msg("approvals.level_name_required") }),
  kind: z.enum(LEVEL_KINDS, { error: msg("approvals.choose_kind") }),
  users: z
    .array(z.uuid(msg("approvals.choose_member")))
    .max(50, msg("approvals.max_approvers", { max: 50 }))
    .default([]),
  roles: z
    .array(zRole)
    .max(MAX_ROLES, msg("approvals.max_roles", { max: MAX_ROLES }))
    .default([]),
  timeoutHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .nullable()
    .default(null),
});

/** Caps of a flow graph from the client (the editor's benchmark graph has 200 nodes and 250 edges). */
export const MAX_GRAPH_NODES = 300;
export const MAX_GRAPH_EDGES = 600;
export const MAX_RULES = 20;
export const MAX_RULE_VALUE = 200;
export const MAX_RULE_LIST = 50;

const zRuleValue = zText({ max: MAX_RULE_VALUE });

export const ZConditionRule = zObject({
  field: z.enum(ROUTE_FIELDS, { error: msg("approvals.rule_choose_field") }),
  variable: zKey(64).optional(),
  op: z.enum(ROUTE_OPS, { error: msg("approvals.rule_choose_op") }),
  value: z.union(
    [zRuleValue, z.array(zRuleValue).max(MAX_RULE_LIST, msg("approvals.rule_max_values", { max: MAX_RULE_LIST }))],
    {
      error: msg("approvals.rule_value"),
    },
  ),
  edge: zGraphId,
});

export const ZConditionData = zObject({
  rules: z.array(ZConditionRule).max(MAX_RULES, msg("approvals.max_rules", { max: MAX_RULES })),
  defaultEdge: zGraphId.nullable(),
});

const nodeBase = graphNodeBase;

/** One node of a flow: start and end (no data, or an empty object), a level, or a condition. */
export const ZFlowNode = z.discriminatedUnion(
  "type",
  [
    zObject({ ...nodeBase, type: z.literal("start"), data: zObject({}).optional() }),
    zObject({ ...nodeBase, type: z.literal("end"), data: zObject({}).optional() }),
    zObject({ ...nodeBase, type: z.literal("approval"), data: ZFlowLevel }),
    zObject({ ...nodeBase, type: z.literal("condition"), data: ZConditionData }),
  ],
  { error: msg("approvals.graph_node_type") },
);

export const ZFlowEdge = ZGraphEdge;

/** A flow graph as the editor sends it; the graph rules (lib/approvals/flow-graph.ts) run after. */
export const ZFlowGraph = zObject({
  nodes: z.array(ZFlowNode).max(MAX_GRAPH_NODES, msg("approvals.flow_too_large", { max: MAX_GRAPH_NODES })),
  edges: z.array(ZFlowEdge).max(MAX_GRAPH_EDGES, msg("approvals.graph_too_many_edges", { max: MAX_GRAPH_EDGES })),
});
export type TFlowGraph = z.infer<typeof ZFlowGraph>;

export const ZSaveFlow = ZTenantInput.extend({
  id: z.uuid().optional(),
  name: zText({ min: 1, max: 80, required: msg("approvals.flow_name_required") }),
  description: zText({ max: 500, multiline: true }).default(""),
  graph: ZFlowGraph,
  idempotencyKey: zIdempotencyKey,
});
export type TSaveFlow = z.infer<typeof ZSaveFlow>;

export const ZPublishFlow = ZTenantInput.extend({ flowId: z.uuid() });
export type TPublishFlow = z.infer<typeof ZPublishFlow>;

/** Variables' values as a route reads them (a list = a multi-value variable's choices, joined with ","). */
const zRouteVariables = zRecord(
  zKey(64),
  z.union([zText({ max: 2000 }), z.array(zText({ max: 2000 })).max(500, msg("templates.values_max", { max: 500 }))]),
  30,
).default({});

/** Sample values of a route preview: ids of categories and the template, a role key, variables. */
export const ZRouteValues = zObject({
  environment: zText({ max: 64 }).optional(),
  purpose: zText({ max: 64 }).optional(),
  template: zText({ max: 64 }).optional(),
  requesterRole: zText({ max: 40 }).optional(),
  variables: zRouteVariables,
});
export type TRouteValues = z.infer<typeof ZRouteValues>;

/**
 * A route preview: of an unsaved `graph` (the editor; checked like a save first), or of a stored
 * flow's `version` (absent = its published version; 0 = its draft).
 */
export const ZPreviewRoute = ZTenantInput.extend({
  flowId: z.uuid().optional(),
  graph: ZFlowGraph.optional(),
  version: z.number().int().min(0).optional(),
  values: ZRouteValues,
});
export type TPreviewRoute = z.infer<typeof ZPreviewRoute>;

const zComment = zText({ max: 2000, multiline: true });

export const ZApprove = ZTenantInput.extend({ orderId: z.uuid(), comment: zComment.default("") });
export const ZReject = ZTenantInput.extend({
  orderId: z.uuid(),
  reason: zComment.min(1, msg("approvals.reason_required")),
});
export const ZTransfer = ZTenantInput.extend({
  orderId: z.uuid(),
  toUserId: z.uuid(msg("approvals.choose_member")),
  comment: zComment.default(""),
});
export const ZAddApprover = ZTransfer;
/** The requester nudges the pending approvers of their order. */
export const ZUrge = ZTenantInput.extend({ orderId: z.uuid() });

/** The submit page's preview: the route an order of this template with these values would take. */
export const ZPreviewOrderRoute = ZTenantInput.extend({ templateId: z.uuid(), values: zRouteVariables });
export type TPreviewOrderRoute = z.infer<typeof ZPreviewOrderRoute>;
