import { z } from "zod";
import { MAX_FLOW_NODES, ON_FAILURE, RERUN_MODES, TIMEOUT_ACTIONS } from "@/lib/flows/catalog";
import { MAX_EXPRESSION_LENGTH } from "@/lib/flows/expression";
import {
  MAX_FLOW_TIMEOUT_MS,
  MAX_NODE_RETRIES,
  MAX_NODE_TIMEOUT_MS,
  MAX_PARALLELISM,
  MAX_RETRY_DELAY_MS,
  MIN_NODE_TIMEOUT_MS,
  MIN_PARALLELISM,
} from "@/lib/flows/graph";
import { msg } from "@/lib/i18n/message";
import { ZFlowLevel } from "./approvals";
import { graphNodeBase, ZGraphEdge, zGraphId } from "./graph";
import { MAX_PARAMETERS, ZHttpConfig, ZShellConfig, ZSqlConfig } from "./jobs";
import { ZTenantInput, zIdempotencyKey } from "./tenancy";
import { zKey, zObject, zRecord, zText } from "./text";

/**
 * What the job-flow designer sends (issue 18): the flow's name, description, graph and settings.
 * The shapes are strict (React Flow's own fields are refused by name); the graph rules
 * (lib/flows/graph.ts `flowIssues`: a cycle, an unknown parameter, …) run after, on the server as
 * on the canvas.
 */

export const MAX_FLOW_EDGES = 600;

/** A name a flow parameter goes by: letters, digits and `_` (`{params.Name}`). */
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const zVarName = zKey(64).regex(VAR_NAME, msg("flows.param_name_invalid"));

export const ZNodePolicy = zObject({
  onFailure: z.enum(ON_FAILURE).default("fail"),
  timeoutMs: z.number().int().min(MIN_NODE_TIMEOUT_MS).max(MAX_NODE_TIMEOUT_MS).nullable().default(null),
  timeoutAction: z.enum(TIMEOUT_ACTIONS).default("fail"),
  retries: z.number().int().min(0).max(MAX_NODE_RETRIES).default(0),
  retryDelayMs: z.number().int().min(0).max(MAX_RETRY_DELAY_MS).default(10_000),
});

const zNodeName = zText({ min: 1, max: 80, required: msg("flows.node_name_required") });
const nodeBase = graphNodeBase;

export const ZJobNodeData = zObject({
  name: zNodeName,
  jobId: z.uuid(msg("flows.choose_job")).nullable(),
  params: zRecord(zKey(64), zText({ max: 2000, keepSpaces: true }), 50).default({}),
  policy: ZNodePolicy,
});
export const ZShellNodeData = zObject({
  name: zNodeName,
  config: ZShellConfig.omit({ type: true }),
  policy: ZNodePolicy,
});
export const ZHttpNodeData = zObject({
  name: zNodeName,
  config: ZHttpConfig.omit({ type: true }),
  policy: ZNodePolicy,
});
export const ZSqlNodeData = zObject({ name: zNodeName, config: ZSqlConfig.omit({ type: true }), policy: ZNodePolicy });
export const ZGateNodeData = zObject({
  name: zNodeName,
  level: ZFlowLevel,
  timeoutHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  onTimeout: z.enum(["reject", "approve"]),
  policy: ZNodePolicy,
});
export const ZConditionNodeData = zObject({
  name: zNodeName,
  expression: zText({ min: 1, max: MAX_EXPRESSION_LENGTH, required: msg("flows.expression_required") }),
});

/** One node of a flow, by kind (lib/flows/catalog.ts). */
export const ZFlowNode = z.discriminatedUnion(
  "type",
  [
    zObject({ ...nodeBase, type: z.literal("start"), data: zObject({}).default({}) }),
    zObject({ ...nodeBase, type: z.literal("end"), data: zObject({}).default({}) }),
    zObject({ ...nodeBase, type: z.literal("job"), data: ZJobNodeData }),
    zObject({ ...nodeBase, type: z.literal("shell"), data: ZShellNodeData }),
    zObject({ ...nodeBase, type: z.literal("http"), data: ZHttpNodeData }),
    zObject({ ...nodeBase, type: z.literal("sql"), data: ZSqlNodeData }),
    zObject({ ...nodeBase, type: z.literal("gate"), data: ZGateNodeData }),
    zObject({ ...nodeBase, type: z.literal("condition"), data: ZConditionNodeData }),
  ],
  { error: msg("flows.graph_node_type") },
);

export const ZFlowEdge = ZGraphEdge;

export const ZFlowGraphInput = zObject({
  nodes: z.array(ZFlowNode).max(MAX_FLOW_NODES, msg("flows.too_many_nodes", { max: MAX_FLOW_NODES })),
  edges: z.array(ZFlowEdge).max(MAX_FLOW_EDGES, msg("flows.too_many_edges", { max: MAX_FLOW_EDGES })),
});

export const ZFlowParameter = zObject({
  name: zVarName,
  default: zText({ max: 2000, keepSpaces: true }).default(""),
});

/** The flow's own settings (lib/flows/catalog.ts `FlowSettings`), versioned with its graph. */
export const ZFlowSettings = zObject({
  parameters: z
    .array(ZFlowParameter)
    .max(MAX_PARAMETERS)
    .superRefine((params, ctx) => {
      const seen = new Set<string>();
      params.forEach((p, i) => {
        if (seen.has(p.name))
          ctx.addIssue({
            code: "custom",
            message: msg("flows.parameter_repeated", { name: p.name }),
            path: [i, "name"],
          });
        seen.add(p.name);
      });
    })
    .default([]),
  parallelism: z
    .number({ error: msg("flows.parallelism_range") })
    .int(msg("flows.parallelism_range"))
    .min(MIN_PARALLELISM, msg("flows.parallelism_range"))
    .max(MAX_PARALLELISM, msg("flows.parallelism_range"))
    .default(4),
  timeoutMs: z.number().int().min(1000).max(MAX_FLOW_TIMEOUT_MS).nullable().default(null),
});
export type TFlowSettings = z.infer<typeof ZFlowSettings>;

export const ZSaveJobFlow = ZTenantInput.extend({
  /** Absent: a new flow. */
  id: z.uuid().optional(),
  name: zText({ min: 1, max: 120, required: msg("flows.name_required") }),
  description: zText({ max: 2000, multiline: true }).default(""),
  graph: ZFlowGraphInput,
  settings: ZFlowSettings.default({ parameters: [], parallelism: 4, timeoutMs: null }),
  idempotencyKey: zIdempotencyKey,
});
export type TSaveJobFlow = z.infer<typeof ZSaveJobFlow>;

export const ZPublishJobFlow = ZTenantInput.extend({ flowId: z.uuid() });
export type TPublishJobFlow = z.infer<typeof ZPublishJobFlow>;

/** "Run now" of a flow: parameter values by name (a left-out one takes its default). */
export const ZRunFlowNow = ZTenantInput.extend({
  flowId: z.uuid(),
  params: zRecord(zKey(64), zText({ max: 2000, keepSpaces: true }), 50).default({}),
});
export const ZFlowRunRef = ZTenantInput.extend({ runId: z.uuid() });
/** A rerun of a finished run: its failed nodes, from one node (`from`) and downstream, or everything. */
export const ZRerunFlow = ZTenantInput.extend({
  flowId: z.uuid(),
  runId: z.uuid(),
  mode: z.enum(RERUN_MODES),
  from: zGraphId.optional(),
}).refine((r) => r.mode !== "from" || r.from, { message: msg("flows.rerun_pick_node"), path: ["from"] });

/** A page of a node's log: the latest (live) when `before` is absent, else the lines before that seq. */
export const ZFlowNodeLog = ZTenantInput.extend({
  runNodeId: z.uuid(),
  attempt: z.number().int().min(1).max(100).optional(),
  before: z.number().int().min(0).optional(),
});
