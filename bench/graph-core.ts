/**
 * The graph editor's pure core (lib/graph) in Node: `validateGraph` on a 1,000-node graph and
 * dagre auto-layout of a 200-node, 250-edge graph, each the median of BENCH_ROUNDS runs (default
 * 21) after 3 warm-ups, wall time and the process's CPU time. Graphs are generated from a fixed
 * seed: columns of tasks layer after layer, plus cross edges from a layer to the next. Targets
 * (issue 16): validate_1000_ms ≤ 20, layout_200_ms ≤ 300. The editor's own figures in Chromium (open, drag) belong to the graph-editor benchmark, once the canvas exists.
 */
import { autoLayout } from "@/lib/graph/layout";
import { canConnect, validateGraph } from "@/lib/graph/validate";
import { generate, registry } from "./support/graph-editor-fixture";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);

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
