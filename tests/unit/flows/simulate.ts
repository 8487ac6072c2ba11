/** Fixtures and a scripted runner for the flow engine's tests: the engine decides, this plays the nodes. */
import { DEFAULT_NODE_POLICY, type NodePolicy } from "@/lib/flows/catalog";
import { type NodeOutcome, settle } from "@/lib/flows/engine";
import type { FlowGraph } from "@/lib/flows/graph";

export type Script = "success" | "failed" | "timeout" | { condition: boolean };
type NodeSpec = { id: string; type?: string; policy?: Partial<NodePolicy> };
type EdgeSpec = [source: string, target: string, handle?: string];

const at = { x: 0, y: 0 };

/** A graph from node ids (`shell` unless told) and `[source, target, handle]` edges. */
export function graphOf(nodes: (string | NodeSpec)[], edges: EdgeSpec[]): FlowGraph {
  return {
    nodes: nodes.map((n) => {
      const spec = typeof n === "string" ? { id: n } : n;
      const type = spec.type ?? (spec.id === "start" || spec.id === "end" ? spec.id : "shell");
      const data =
        type === "start" || type === "end"
          ? {}
          : type === "condition"
            ? { name: spec.id, expression: "true" }
            : { name: spec.id, policy: { ...DEFAULT_NODE_POLICY, ...spec.policy } };
      return { id: spec.id, type, position: at, data } as FlowGraph["nodes"][number];
    }),
    edges: edges.map(([source, target, handle], i) => ({
      id: `e${i}`,
      source,
      target,
      ...(handle ? { sourceHandle: handle } : {}),
    })),
  };
}

export type Played = {
  /** Nodes the engine started, in the order it started them. */
  started: string[];
  skipped: string[];
  outcomes: Map<string, NodeOutcome>;
  status: string;
  /** The most executing nodes running at once. */
  peak: number;
};

/**
 * Runs a graph to its end: each started node ends as `script` says (default success), the oldest
 * running first, one at a time. `seed` are outcomes known before (a rerun's kept ones);
 * `cancelAfter`: the run is cancelled once that many nodes started (those running end `cancelled`).
 */
export function play(
  graph: FlowGraph,
  script: Record<string, Script> = {},
  options: { parallelism?: number; seed?: Map<string, NodeOutcome>; cancelAfter?: number } = {},
): Played {
  let outcomes = new Map(options.seed ?? []);
  const running: string[] = [];
  const started: string[] = [];
  const kinds = new Map(graph.nodes.map((n) => [n.id, n.type]));
  const executing = () => running.filter((id) => ["job", "shell", "http", "sql"].includes(kinds.get(id) ?? "")).length;
  let peak = 0;
  let cancelled = false;
  for (let guard = 0; guard < 10_000; guard++) {
    const step = settle(graph, {
      outcomes,
      running: new Set(running),
      parallelism: options.parallelism ?? 10,
      cancelled,
    });
    outcomes = step.outcomes;
    for (const id of step.start) {
      if (running.includes(id) || outcomes.has(id)) throw new Error(`${id} started twice`);
      running.push(id);
      started.push(id);
    }
    peak = Math.max(peak, executing());
    if (options.cancelAfter !== undefined && started.length >= options.cancelAfter) cancelled = true;
    if (step.status) {
      const skipped = [...outcomes].filter(([, o]) => o.status === "skipped").map(([id]) => id);
      return { started, skipped, outcomes, status: step.status, peak };
    }
    const id = running.shift();
    if (id === undefined) throw new Error("the engine neither starts, ends, nor waits on anything");
    const s = script[id] ?? "success";
    const outcome: NodeOutcome =
      typeof s === "object" ? { status: "success", conditionResult: s.condition } : { status: s, output: { from: id } };
    if (cancelled) outcome.status = "cancelled";
    outcomes.set(id, outcome);
  }
  throw new Error("no end");
}
