/**
 * The graph-editor benchmark's graphs and node types: a generic registry (start, task, end), a
 * seeded generator of layered graphs (bench/graph-core.ts measures the same ones in Node), and the canvas's node
 * types for it. Shared by the Node side (which lays the graph out, as a stored graph would be) and
 * the harness page in Chromium.
 */
import { createRegistry, type Graph, type GraphEdge, type GraphNode } from "@/lib/graph/types";

export type TaskData = { command: string };

export const registry = createRegistry([
  { kind: "start", role: "start", inputs: [], outputs: [{ id: "out", type: "flow" }], maxIn: 0, minOut: 1 },
  { kind: "end", role: "end", inputs: [{ id: "in", type: "flow" }], outputs: [], minIn: 1, maxOut: 0 },
  {
    kind: "task",
    inputs: [{ id: "in", type: "flow" }],
    outputs: [{ id: "out", type: "flow" }],
    minIn: 1,
    minOut: 1,
    isComplete: (data) => ((data as Partial<TaskData>).command ?? "").trim() !== "",
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
 * start → columns of `width` tasks, layer after layer (each fed by the one above) → end, `nodes`
 * in all, then cross edges from a layer to the next until there are `edges` edges. Positions are a
 * plain grid (not dagre's), so a layout pass moves every node.
 */
export function generate(nodes: number, edges: number, width: number): Graph {
  const rand = random(16);
  const list: GraphNode[] = [
    { id: "start", type: "start", position: { x: 0, y: -160 }, data: {} },
    { id: "end", type: "end", position: { x: 0, y: 0 }, data: {} },
  ];
  const tasks = nodes - 2;
  const layers = Math.ceil(tasks / width);
  const id = (layer: number, column: number) => `t${layer * width + column}`;
  const exists = (layer: number, column: number) => layer * width + column < tasks;
  for (let i = 0; i < tasks; i++)
    list.push({
      id: `t${i}`,
      type: "task",
      position: { x: (i % width) * 240, y: Math.floor(i / width) * 160 },
      data: { command: `echo ${i}` },
    });
  (list[1] as GraphNode).position = { x: 0, y: layers * 160 };
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
