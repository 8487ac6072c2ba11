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
 * - **The flow's timeout.** Once a node timed out because the flow's own time was up, nothing more
 *   starts (as for a cancel) and the run ends `failed`.
 * - **Cancel.** A cancelled run starts nothing more; once nothing runs, the nodes not started are
 *   skipped.
 * - **The end.** The run is over when nothing runs and nothing can start: `cancelled` if it was
 *   cancelled, `failed` if a `fail` policy fired, `partial` if a node failed under `continue` or
 *   `skip` (or a node was cancelled while the run was not), else `success`.
 * - **Reruns** (`rerunPlan`) seed the outcomes they keep, marked `kept`. A kept failure is history:
 *   its `fail` policy stops nothing (the rerun executes what it reruns), but the run still ends
 *   `failed` for it, and its `skip` still skips what is downstream of it.
 * - **Parallelism.** At most `parallelism` executing nodes (job, shell, HTTP, SQL) run at once; a
 *   gate waiting for its decision and a condition take no slot. Ready nodes start in the graph's
 *   node order (deterministic).
 */
import {
  CONDITION_OUTPUTS,
  DEFAULT_NODE_POLICY,
  EXECUTABLE_KINDS,
  type FlowRunStatus,
  type NodePolicy,
  type RerunMode,
  START_OUTPUT,
} from "./catalog";
import type { FlowGraph } from "./graph";

/** What a node came to. `reused`: a rerun kept the earlier run's success and output. */
export type NodeOutcome = {
  status: "success" | "failed" | "timeout" | "skipped" | "cancelled" | "reused";
  output?: unknown;
  /** A condition node's result (absent: its output's `result`, as a stored row gives it back). */
  conditionResult?: boolean;
  /**
   * Kept from the earlier run by a rerun (its row has `reused_from`): history, not this run's doing.
   * A kept failure does not fire `fail` (the rerun still executes what it reruns) but still counts
   * in the run's end and still skips under `skip`.
   */
  kept?: boolean;
  /** It timed out because the flow's own time was up (the run fails as a whole: `EngineState.timedOut`). */
  flowTimedOut?: boolean;
};

export type EngineState = {
  /** Ended nodes (start included once the engine has succeeded it). */
  outcomes: ReadonlyMap<string, NodeOutcome>;
  /** Nodes started and not ended. */
  running: ReadonlySet<string>;
  parallelism: number;
  cancelled?: boolean;
  /** The flow's own time is up: like a cancel, nothing more starts, but the run ends `failed`. */
  timedOut?: boolean;
};

export type NextStep = {
  /** Nodes to start now, in graph order; executable ones at most `parallelism` minus those running. */
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

type Index = {
  kind: Map<string, string>;
  order: string[];
  /** Incoming edges per node: the source and the handle the edge leaves by. */
  incoming: Map<string, { source: string; handle: string }[]>;
  next: Map<string, string[]>;
  downstream: Map<string, Set<string>>;
};

const indexes = new WeakMap<FlowGraph, Index>();

/** The handle an edge leaves by when it names none: the source kind's first output. */
function firstOutput(kind: string | undefined): string {
  if (kind === "start") return START_OUTPUT;
  if (kind === "condition") return CONDITION_OUTPUTS[0];
  return "success";
}

/** The graph's maps, built once per graph object (the runner replays the same version many times). */
function indexOf(graph: FlowGraph): Index {
  const cached = indexes.get(graph);
  if (cached) return cached;
  const kind = new Map<string, string>();
  const order: string[] = [];
  for (const node of graph.nodes)
    if (!kind.has(node.id)) {
      kind.set(node.id, node.type);
      order.push(node.id);
    }
  const incoming = new Map<string, { source: string; handle: string }[]>(order.map((id) => [id, []]));
  const next = new Map<string, string[]>(order.map((id) => [id, []]));
  for (const edge of graph.edges) {
    if (!kind.has(edge.source) || !kind.has(edge.target) || edge.source === edge.target) continue;
    incoming
      .get(edge.target)
      ?.push({ source: edge.source, handle: edge.sourceHandle || firstOutput(kind.get(edge.source)) });
    next.get(edge.source)?.push(edge.target);
  }
  const index: Index = { kind, order, incoming, next, downstream: new Map() };
  indexes.set(graph, index);
  return index;
}

const ended = (o: NodeOutcome) => o.status === "success" || o.status === "reused";
const isFailure = (o: NodeOutcome) => o.status === "failed" || o.status === "timeout";
const executable = (kind: string | undefined) => (EXECUTABLE_KINDS as readonly string[]).includes(kind ?? "");

/** A condition's result: its `conditionResult`, else its output's `result` (what the runner stores, so a reused one keeps it). */
function conditionOf(o: NodeOutcome): boolean | undefined {
  if (typeof o.conditionResult === "boolean") return o.conditionResult;
  const result = (o.output as { result?: unknown } | null | undefined)?.result;
  return typeof result === "boolean" ? result : undefined;
}

/** Whether an edge leaving by `handle` from a node that came to `o` is taken (else, once decided, dead). */
function taken(handle: string, o: NodeOutcome): boolean {
  switch (handle) {
    case START_OUTPUT:
    case "success":
      return ended(o);
    case "failure":
      return isFailure(o);
    case "always":
      return ended(o) || isFailure(o);
    case "true":
      return ended(o) && conditionOf(o) === true;
    case "false":
      return ended(o) && conditionOf(o) === false;
    default:
      return false;
  }
}

/** The policy of a node (its data's, else the default). */
export function policyOf(graph: FlowGraph, nodeId: string): NodePolicy {
  const node = graph.nodes.find((n) => n.id === nodeId);
  const own = (node?.data as { policy?: Partial<NodePolicy> } | undefined)?.policy;
  return { ...DEFAULT_NODE_POLICY, ...(own ?? {}) };
}

/** Every node reachable from `nodeId` (not itself), by any edge. */
export function downstreamOf(graph: FlowGraph, nodeId: string): Set<string> {
  const index = indexOf(graph);
  const cached = index.downstream.get(nodeId);
  if (cached) return new Set(cached);
  const seen = new Set<string>();
  const queue = [...(index.next.get(nodeId) ?? [])];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    if (seen.has(id)) continue;
    seen.add(id);
    queue.push(...(index.next.get(id) ?? []));
  }
  seen.delete(nodeId);
  index.downstream.set(nodeId, seen);
  return new Set(seen);
}

/**
 * What to do next. Call it again after applying `skip` and `pass` to the outcomes, until it returns
 * no more of them (`settle` does that loop); the `start` of that last call is the one to act on.
 */
export function nextStep(graph: FlowGraph, state: EngineState): NextStep {
  const index = indexOf(graph);
  const { outcomes } = state;
  let failing = false;
  let partial = false;
  const blocked = new Set<string>();
  for (const id of index.order) {
    const o = outcomes.get(id);
    if (!o) continue;
    if (o.status === "cancelled") partial = true;
    if (!isFailure(o)) continue;
    const onFailure = policyOf(graph, id).onFailure;
    if (onFailure === "fail") {
      if (!o.kept) failing = true;
      else partial = true; // a kept failure: the run still ends `failed` (below), but nothing stops for it
    } else partial = true;
    if (onFailure === "skip") for (const d of downstreamOf(graph, id)) blocked.add(d);
  }
  const keptFail = index.order.some((id) => {
    const o = outcomes.get(id);
    return !!o?.kept && isFailure(o) && policyOf(graph, id).onFailure === "fail";
  });

  const running = index.order.filter((id) => state.running.has(id) && !outcomes.has(id));
  const stopping = failing || !!state.cancelled || !!state.timedOut;
  const start: string[] = [];
  const skip: string[] = [];
  const pass: string[] = [];
  let slots =
    Math.max(1, Math.floor(state.parallelism)) - running.filter((id) => executable(index.kind.get(id))).length;
  for (const id of index.order) {
    if (outcomes.has(id) || state.running.has(id)) continue;
    if (stopping) {
      if (running.length === 0) skip.push(id);
      continue;
    }
    if (blocked.has(id)) {
      skip.push(id);
      continue;
    }
    const kind = index.kind.get(id);
    const edges = index.incoming.get(id) ?? [];
    if (kind === "start") {
      pass.push(id);
      continue;
    }
    let decided = true;
    let anyTaken = false;
    for (const edge of edges) {
      const o = outcomes.get(edge.source);
      if (!o) {
        decided = false;
        break;
      }
      if (taken(edge.handle, o)) anyTaken = true;
    }
    if (!decided) continue;
    if (!anyTaken) skip.push(id);
    else if (kind === "end") pass.push(id);
    else if (!executable(kind)) start.push(id);
    else if (slots > 0) {
      start.push(id);
      slots--;
    }
  }

  const over = running.length === 0 && start.length === 0 && skip.length === 0 && pass.length === 0;
  let status: NextStep["status"] = null;
  if (over)
    status = state.cancelled
      ? "cancelled"
      : failing || keptFail || state.timedOut
        ? "failed"
        : partial
          ? "partial"
          : "success";
  return { start, skip, pass, failing, status };
}

/** `nextStep` applied until it only starts nodes or ends: the outcomes with skips and passes recorded, and what starts. */
export function settle(
  graph: FlowGraph,
  state: EngineState,
): { outcomes: Map<string, NodeOutcome>; start: string[]; status: NextStep["status"]; failing: boolean } {
  const outcomes = new Map(state.outcomes);
  for (;;) {
    const step = nextStep(graph, { ...state, outcomes });
    if (step.skip.length === 0 && step.pass.length === 0)
      return { outcomes, start: step.start, status: step.status, failing: step.failing };
    for (const id of step.skip) outcomes.set(id, { status: "skipped" });
    for (const id of step.pass) outcomes.set(id, { status: "success" });
  }
}

/**
 * A rerun of a finished run: the nodes it executes, and the earlier outcomes it keeps for the rest.
 * - `all`: every node executes again (nothing kept);
 * - `failed`: nodes that failed, timed out, were cancelled or skipped, or never ran, execute; the
 *   successes (and earlier reuses) are kept and **never execute again**;
 * - `from` (with `from`, a node id): that node and every node downstream of it execute; every other
 *   node keeps its outcome.
 * A node with no earlier outcome executes in every mode. Kept successes become `reused` (with their
 * output and condition result); other kept outcomes stay as they were. Every kept outcome is marked
 * `kept` (the runner restores it from `reused_from` when it replays).
 */
export function rerunPlan(
  graph: FlowGraph,
  previous: ReadonlyMap<string, NodeOutcome>,
  mode: RerunMode,
  from?: string,
): { execute: Set<string>; keep: Map<string, NodeOutcome> } {
  const index = indexOf(graph);
  const execute = new Set<string>();
  const keep = new Map<string, NodeOutcome>();
  let rerun: (id: string, before: NodeOutcome | undefined) => boolean;
  if (mode === "all") rerun = () => true;
  else if (mode === "failed") rerun = (_, before) => !before || !ended(before);
  else {
    if (from === undefined || !index.kind.has(from)) throw new Error(`rerun from an unknown node "${from}"`);
    const chosen = downstreamOf(graph, from).add(from);
    rerun = (id) => chosen.has(id);
  }
  for (const id of index.order) {
    const before = previous.get(id);
    if (rerun(id, before) || !before) execute.add(id);
    else keep.set(id, { ...before, status: ended(before) ? "reused" : before.status, kept: true });
  }
  return { execute, keep };
}
