/**
 * The vocabulary of job flows (issue 18), DAGs of jobs drawn on the shared canvas (lib/graph): node
 * kinds and their data, edge conditions, per-node policies, run and node statuses. No server
 * imports: shared by db/schema/flows.ts (drizzle-kit loads it in plain Node), the validation, the
 * engine (lib/flows/engine.ts, pure) and the editor.
 *
 * Edges carry their condition as the **output handle** they leave by: every executable node has the
 * outputs `success`, `failure` and `always` (AWX's three), a condition node `true` and `false`, the
 * start node `out`. A node runs when its incoming edges say so (see the engine's rule); an edge from
 * `failure` is taken only when its source failed, from `success` only when it succeeded, from
 * `always` when it ended either way.
 */
import type { FlowLevel } from "../approvals/flow";
import type { HttpJobConfig, ShellJobConfig, SqlJobConfig } from "../jobs/catalog";

export const FLOW_NODE_KINDS = ["start", "end", "job", "shell", "http", "sql", "gate", "condition"] as const;
export type FlowNodeKind = (typeof FLOW_NODE_KINDS)[number];
/** Kinds that execute something (a process, a request, a query, a job): they have policies and outputs. */
export const EXECUTABLE_KINDS = ["job", "shell", "http", "sql"] as const;

/** Output handles: an edge's condition. */
export const EDGE_WHEN = ["success", "failure", "always"] as const;
export type EdgeWhen = (typeof EDGE_WHEN)[number];
export const CONDITION_OUTPUTS = ["true", "false"] as const;
export const START_OUTPUT = "out";
export const NODE_INPUT = "in";

/**
 * What a failed node (after its retries) does to the rest of the flow:
 * - `fail`: the flow fails; nodes not started are skipped, running ones are left to finish;
 * - `continue`: its `failure`/`always` edges are followed, the rest of the flow goes on, and the run
 *   ends `partial` unless something else fails it;
 * - `skip`: everything downstream of it that depends on it is skipped; the run ends `partial`.
 */
export const ON_FAILURE = ["fail", "continue", "skip"] as const;
export type OnFailure = (typeof ON_FAILURE)[number];
/** A node over its timeout: `warn` marks it and lets it run on; `fail` stops it (status `timeout`, a failure). */
export const TIMEOUT_ACTIONS = ["warn", "fail"] as const;
export type TimeoutAction = (typeof TIMEOUT_ACTIONS)[number];

export type NodePolicy = {
  onFailure: OnFailure;
  /** null: the node's own timeout (its config's) only. */
  timeoutMs: number | null;
  timeoutAction: TimeoutAction;
  /** Retries after the first attempt (0–10), `retryDelayMs` apart. */
  retries: number;
  retryDelayMs: number;
};
export const DEFAULT_NODE_POLICY: NodePolicy = {
  onFailure: "fail",
  timeoutMs: null,
  timeoutAction: "fail",
  retries: 0,
  retryDelayMs: 10_000,
};

/** A node of the jobs issue's jobs, run with these parameter values (`{nodes.x.output.y}` allowed). */
export type JobNodeData = { name: string; jobId: string | null; params: Record<string, string>; policy: NodePolicy };
/** Inline nodes: a job's config without a job (no secrets of their own; flow parameters and upstream outputs). */
export type ShellNodeData = { name: string; config: ShellJobConfig; policy: NodePolicy };
export type HttpNodeData = { name: string; config: HttpJobConfig; policy: NodePolicy };
export type SqlNodeData = { name: string; config: SqlJobConfig; policy: NodePolicy };
/**
 * An approval gate: one level of the approvals engine (single, countersign, or-sign), with the gate
 * as its subject. The run's starter may not approve it (four-eyes). On timeout it is rejected or
 * approved as `onTimeout` says; rejected, it counts as a failure of the node (its policy applies).
 */
export type GateNodeData = {
  name: string;
  level: FlowLevel;
  timeoutHours: number;
  onTimeout: "reject" | "approve";
  policy: NodePolicy;
};
/**
 * A condition: `expression` over the flow's parameters and upstream outputs (lib/flows/expression.ts),
 * e.g. `nodes.build.output.status == "ok" && params.env != "prod"`. The run leaves by `true` or `false`.
 */
export type ConditionNodeData = { name: string; expression: string };
export type StartEndData = Record<string, never>;

export type FlowNodeData =
  | StartEndData
  | JobNodeData
  | ShellNodeData
  | HttpNodeData
  | SqlNodeData
  | GateNodeData
  | ConditionNodeData;

/** A flow parameter: `{params.Name}` in nodes, given by "Run now", else its default. */
export type FlowParameter = { name: string; default: string };

/** What a flow is besides its graph (versioned with it). */
export type FlowSettings = {
  parameters: FlowParameter[];
  /** Nodes running at once, at most (1–50). */
  parallelism: number;
  /** The whole run's limit; null = none. Over it, running nodes are stopped and the run fails. */
  timeoutMs: number | null;
};
export const DEFAULT_FLOW_SETTINGS: FlowSettings = { parameters: [], parallelism: 4, timeoutMs: null };

export const MAX_FLOW_NODES = 200;

export const FLOW_RUN_STATUSES = ["pending", "running", "success", "failed", "partial", "cancelled"] as const;
export type FlowRunStatus = (typeof FLOW_RUN_STATUSES)[number];
export const FLOW_TRIGGERS = ["manual", "cron", "rerun"] as const;
export type FlowTrigger = (typeof FLOW_TRIGGERS)[number];

/**
 * A node's state in a run. `waiting`: a gate waiting for its decision. `reused`: a rerun kept this
 * node's earlier success and its output without executing it again.
 */
export const NODE_STATUSES = [
  "pending",
  "running",
  "waiting",
  "success",
  "failed",
  "timeout",
  "skipped",
  "cancelled",
  "reused",
] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

/** Rerun a finished run: its failed nodes only, from one node and everything downstream, or all. */
export const RERUN_MODES = ["failed", "from", "all"] as const;
export type RerunMode = (typeof RERUN_MODES)[number];

/** The most a node's output (JSON) may be; larger is refused as the node's failure. */
export const MAX_NODE_OUTPUT_BYTES = 64 * 1024;
