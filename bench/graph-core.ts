/**
 * The graph editor's pure core (lib/graph) in Node: `validateGraph` on a 1,000-node graph and
 * dagre auto-layout of a 200-node, 250-edge graph, each the median of BENCH_ROUNDS runs (default
 * 21) after 3 warm-ups, wall time and the process's CPU time. Graphs are generated from a fixed
 * seed: columns of tasks layer after layer, plus cross edges from a layer to the next. Targets
 * (issue 16): validate_1000_ms ≤ 20, layout_200_ms ≤ 300. The editor's own figures in Chromium (open, drag) belong to the graph-editor benchmark, once the canvas exists.
 */
import { autoLayout } from "@/lib/graph/layout";
import { createRegistry, type Graph, type GraphEdge, type GraphNode } from "@/lib/graph/types";
import { canConnect, validateGraph } from "@/lib/graph/validate";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);

const registry = createRegistry([
  { kind: "start", role: "start", inputs: [], outputs: [{ id: "out", type: "flow" }], maxIn: 0, minOut: 1 },
  { kind: "end", role: "end", inputs: [{ id: "in", type: "flow" }], outputs: [], minIn: 1, maxOut: 0 },
  {
    kind: "task",
    inputs: [{ id: "in", type: "flow" }],
    outputs: [{ id: "out", type: "flow" }],
    minIn: 1,
    minOut: 1,
    isComplete: (data) => typeof (data as { command?: string }).command === "string",
  },
]);

/** A deterministic PRNG (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * start → columns of `width` tasks, layer after layer (each task fed by the one above it) → end,
 * `nodes` in all; then cross edges from a layer to the next until there are `edges` edges.
 */
function generate(nodes: number, edges: number, width: number): Graph {
  const rand = random(16);
  const list: GraphNode[] = [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
    { id: "end", type: "end", position: { x: 0, y: 0 }, data: {} },
  ];
  const tasks = nodes - 2;
  const layers = Math.ceil(tasks / width);
  const id = (layer: number, column: number) => `t${layer * width + column}`;
  const exists = (layer: number, column: number) => layer * width + column < tasks;
  for (let i = 0; i < tasks; i++)
    list.push({ id: `t${i}`, type: "task", position: { x: 0, y: 0 }, data: { command: `echo ${i}` } });
  const out: GraphEdge[] = [];
  const seen = new Set<string>();
  const add = (source: string, target: string) => {
    if (seen.has(`${source}>${target}`)) return;
    seen.add(`${source}>${target}`);
    out.push({ id: `e${out.length}`, source, target });
  };
  for (let c = 0; c < width && exists(0, c); c++) add("start", id(0, c));
  for (let l = 0; l < layers; l++)
    for (let c = 0; c < width && exists(l, c); c++) add(id(l, c), exists(l + 1, c) ? id(l + 1, c) : "end");
  for (let guard = 0; out.length < edges && guard < edges * 50; guard++) {
    const l = Math.floor(rand() * (layers - 1));
    const from = Math.floor(rand() * width);
    const to = Math.floor(rand() * width);
    if (exists(l, from) && exists(l + 1, to)) add(id(l, from), id(l + 1, to));
  }
  return { nodes: list, edges: out };
}

function measure(label: string, run: () => void) {
  for (let i = 0; i < 3; i++) run();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    run();
    wall.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const result = { wall: median(wall), cpu: median(cpu), worst: Math.max(...wall) };
  console.log(
    `${label}: median ${result.wall.toFixed(2)} ms wall, ${result.cpu.toFixed(2)} ms CPU, worst ${result.worst.toFixed(2)} ms (${ROUNDS} runs)`,
  );
  return result;
}

const big = generate(1_000, 1_300, 20);
const issues = validateGraph(big, registry);
if (issues.length > 0) throw new Error(`the generated 1,000-node graph is not valid: ${issues[0]?.code}`);
console.log(`validate: ${big.nodes.length} nodes, ${big.edges.length} edges`);
const validate = measure("validate_1000", () => validateGraph(big, registry));
if (!canConnect(big, registry, { source: "t990", target: "t0" })?.includes("graph.cycle"))
  throw new Error("t990 → t0 should close a cycle");
const connect = measure("can_connect_1000 (a cycle, walked to the end)", () =>
  canConnect(big, registry, { source: "t990", target: "t0" }),
);

const mid = generate(200, 250, 8);
console.log(`layout: ${mid.nodes.length} nodes, ${mid.edges.length} edges`);
const layout = measure("layout_200", () => autoLayout(mid));

console.log(
  `RESULT ${JSON.stringify({
    validate_1000_ms: Number(validate.wall.toFixed(2)),
    validate_1000_cpu_ms: Number(validate.cpu.toFixed(2)),
    can_connect_1000_ms: Number(connect.wall.toFixed(2)),
    layout_200_ms: Number(layout.wall.toFixed(1)),
    layout_200_cpu_ms: Number(layout.cpu.toFixed(1)),
  })}`,
);
