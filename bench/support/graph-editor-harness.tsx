/**
 * The graph-editor benchmark's page (bundled by bench/graph-editor.ts with esbuild, served from
 * 127.0.0.1): the real GraphEditor, in English, on the graph embedded in the page (#graph), with
 * the generic start/task/end registry. `window.bench` gives the Node side what it measures and
 * checks: the graphs handed to onChange/onSave, and validateGraph timed in this browser.
 */
import { IntlProvider } from "next-intl";
import { createRoot } from "react-dom/client";
import { GraphEditor } from "@/components/graph/graph-editor";
import type { GraphEditorProps, InspectorProps } from "@/components/graph/types";
import { stableSerialize } from "@/lib/graph/layout";
import type { Graph } from "@/lib/graph/types";
import { validateGraph } from "@/lib/graph/validate";
import { generate, registry, type TaskData } from "./graph-editor-fixture";

declare global {
  interface Window {
    bench: {
      changes: number;
      last: Graph | null;
      saved: string[];
      initial: string;
      validate1000: (rounds: number) => { median: number; worst: number; issues: number };
      startFrames: () => void;
      stopFrames: () => { frames: number; ms: number };
      timeLayout: (nodeId: string) => Promise<number>;
    };
    MESSAGES: Record<string, unknown>;
    LOCALE: string;
  }
}

function TaskInspector({ node, readOnly, onChange }: InspectorProps<TaskData>) {
  return (
    <label className="flex flex-col gap-1">
      <span>Command</span>
      <input
        data-testid="task-command"
        value={node.data.command}
        readOnly={readOnly}
        onChange={(e) => onChange({ command: e.target.value })}
      />
    </label>
  );
}

const types: GraphEditorProps["types"] = {
  start: {
    spec: registry.get("start") as never,
    label: "Start",
    palette: false,
    defaultData: () => ({}),
    summary: () => "",
    tone: "start",
  },
  end: {
    spec: registry.get("end") as never,
    label: "End",
    palette: true,
    defaultData: () => ({}),
    summary: () => "",
    tone: "end",
  },
  task: {
    spec: registry.get("task") as never,
    label: "Task",
    palette: true,
    defaultData: () => ({ command: "" }),
    summary: (d: TaskData) => d.command,
    Inspector: TaskInspector,
  },
};

const initial = JSON.parse(document.getElementById("graph")?.textContent ?? "{}") as Graph;
const big = generate(1_000, 1_300, 20);
window.bench = {
  changes: 0,
  last: null,
  saved: [],
  initial: stableSerialize(initial),
  validate1000(rounds) {
    for (let i = 0; i < 3; i++) validateGraph(big, registry);
    const times: number[] = [];
    let issues = 0;
    for (let i = 0; i < rounds; i++) {
      const t0 = performance.now();
      issues = validateGraph(big, registry).length;
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(times.length / 2)] as number, worst: times[times.length - 1] as number, issues };
  },
  startFrames: () => {},
  stopFrames: () => ({ frames: 0, ms: 0 }),
  timeLayout: async () => 0,
};

/** requestAnimationFrame callbacks counted from startFrames to stopFrames. */
let frames = 0;
let counting = false;
let countedFrom = 0;
function tick() {
  if (!counting) return;
  frames++;
  requestAnimationFrame(tick);
}
window.bench.startFrames = () => {
  frames = 0;
  counting = true;
  countedFrom = performance.now();
  requestAnimationFrame(tick);
};
window.bench.stopFrames = () => {
  counting = false;
  return { frames, ms: performance.now() - countedFrom };
};

/** From pressing Auto-layout to the node's element at its new place, and the frame after. */
window.bench.timeLayout = (nodeId) =>
  new Promise<number>((resolve) => {
    const el = document.querySelector(`.react-flow__node[data-id="${nodeId}"]`) as HTMLElement;
    const before = el.style.transform;
    const button = document.querySelector('[data-testid="graph-layout"]') as HTMLButtonElement;
    const t = performance.now();
    const observer = new MutationObserver(() => {
      if (el.style.transform === before) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - t));
    });
    observer.observe(el, { attributes: true, attributeFilter: ["style"] });
    button.click();
  });

const validate = (g: Graph) => validateGraph(g, registry);
const onChange = (g: Graph) => {
  window.bench.changes++;
  window.bench.last = g;
};
const onSave = async (g: Graph) => {
  window.bench.saved.push(stableSerialize(g));
  return true;
};

createRoot(document.getElementById("root") as HTMLElement).render(
  <IntlProvider locale={window.LOCALE} messages={window.MESSAGES} timeZone="UTC">
    <a href="/?graph=small" data-testid="leave-link">
      elsewhere
    </a>
    <GraphEditor
      types={types}
      registry={registry}
      initial={initial}
      validate={validate}
      onSave={onSave}
      onChange={onChange}
      height="70vh"
    />
  </IntlProvider>,
);
