/**
 * The flow engine's decisions, pure (no server imports, no clock, no I/O): given a flow's graph and
 * what its nodes came to so far, which nodes start now, which can never run, and how the run ends.
 * The flow-run function (inngest/functions/flows/run-flow.ts) replays it deterministically on every
 * call: the outcomes are its memoised steps.
 *
 * The rule, stated once (the truth tables in tests/unit/flows/engine.test.ts hold it):
 * - **Edges.** An edge leaves by its source's output handle (lib/flows/catalog.ts). It is *taken*
 *   when its source has ended and: `out` (start) always; `success` when the source succeeded (or was
 *   reused); `failure` when it failed or timed out; `always` when it succeeded, failed or timed out;
 *   `true`/`false` when the condition came to that. It is *dead* when its source ended otherwise, or
 *   was skipped or cancelled.
 * - **Nodes.** A node starts when every incoming edge is decided (its source ended) and at least one
 *   was taken (AWX's "any" convergence); it is skipped when every incoming edge is dead. The start
 *   node succeeds at once. End and condition nodes do not execute (the runner evaluates a condition
 *   and reports its `conditionResult`; an end succeeds when reached).
 * - **Failures**, by the failed node's `policy.onFailure` (a timeout with action `fail` is a failure):
 *   `fail`: no node starts any more (not-started nodes are skipped once nothing runs) and the run
 *   fails; `continue`: its `failure`/`always` edges are followed as above and the run can at best
 *   end `partial`; `skip`: every node downstream of it is skipped (even over `failure`/`always`
 *   edges, and even when another parent would start it) and the run can at best end `partial`.
 * - **The end.** The run is over when nothing runs and nothing can start: `cancelled` if it was
 *   cancelled, `failed` if a `fail` policy fired, `partial` if a node failed under `continue` or
 *   `skip`, else `success`.
 * - **Parallelism.** At most `parallelism` nodes run at once; ready nodes start in the graph's node
 *   order (deterministic).
 */
import type { FlowRunStatus, NodePolicy, RerunMode } from "./catalog";
import type { FlowGraph } from "./graph";

/** What a node came to. `reused`: a rerun kept the earlier run's success and output. */
export type NodeOutcome = {
  status: "success" | "failed" | "timeout" | "skipped" | "cancelled" | "reused";
  output?: unknown;
  /** A condition node's result. */
  conditionResult?: boolean;
};

export type EngineState = {
  /** Ended nodes (start included once the engine has succeeded it). */
  outcomes: ReadonlyMap<string, NodeOutcome>;
  /** Nodes started and not ended. */
  running: ReadonlySet<string>;
  parallelism: number;
  cancelled?: boolean;
};

export type NextStep = {
  /** Nodes to start now, in graph order, at most `parallelism - running.size`. */
  start: string[];
  /** Nodes that can never run now: record them `skipped` (their outcome from here on). */
  skip: string[];
  /** Nodes that end without executing: the start node, and end nodes reached (`success`). */
  pass: string[];
  /** True when a `fail` policy fired: nothing new starts. */
  failing: boolean;
  /** The run's end, once nothing runs and nothing can start; null while it goes on. */
  status: Exclude<FlowRunStatus, "pending" | "running"> | null;
};

/** The policy of a node (its data's, else the default). */
export declare function policyOf(graph: FlowGraph, nodeId: string): NodePolicy;

/**
 * What to do next. Call it again after applying `skip` and `pass` to the outcomes, until it returns
 * no more of them (`settle` does that loop).
 */
export declare function nextStep(graph: FlowGraph, state: EngineState): NextStep;

/** `nextStep` applied until it only starts nodes or ends: the outcomes with skips and passes recorded, and what starts. */
export declare function settle(
  graph: FlowGraph,
  state: EngineState,
): { outcomes: Map<string, NodeOutcome>; start: string[]; status: NextStep["status"]; failing: boolean };

/**
 * A rerun of a finished run: the nodes it executes, and the earlier outcomes it keeps for the rest.
 * - `all`: every node executes again (nothing kept);
 * - `failed`: nodes that failed, timed out, were cancelled or skipped, or never ran, execute; the
 *   successes (and earlier reuses) are kept and **never execute again**;
 * - `from` (with `from`, a node id): that node and every node downstream of it execute; every other
 *   node keeps its outcome.
 * Kept successes become `reused` (with their output); other kept outcomes stay as they were.
 */
export declare function rerunPlan(
  graph: FlowGraph,
  previous: ReadonlyMap<string, NodeOutcome>,
  mode: RerunMode,
  from?: string,
): { execute: Set<string>; keep: Map<string, NodeOutcome> };

/** Every node reachable from `nodeId` (not itself), by any edge. */
export declare function downstreamOf(graph: FlowGraph, nodeId: string): Set<string>;
