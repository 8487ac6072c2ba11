import { describe, expect, test } from "vitest";
import { DEFAULT_FLOW_SETTINGS, DEFAULT_NODE_POLICY, type FlowSettings, MAX_FLOW_NODES } from "@/lib/flows/catalog";
import { type FlowGraph, flowIssues, flowRegistry } from "@/lib/flows/graph";
import { canConnect } from "@/lib/graph/validate";

const at = { x: 0, y: 0 };
const policy = DEFAULT_NODE_POLICY;
const shell = (command: string) => ({ command, workdir: "", envKeys: [], timeoutMs: 60_000 });
const settings: FlowSettings = { ...DEFAULT_FLOW_SETTINGS, parameters: [{ name: "target", default: "all" }] };

/**
 * start → build → check ─true→ deploy ─always→ record → end
 *                 check ─false→ gate → end
 *         build ─failure→ notify → end
 */
function goodFlow(): FlowGraph {
  return {
    nodes: [
      { id: "start", type: "start", position: at, data: {} },
      {
        id: "build",
        type: "shell",
        position: at,
        data: { name: "Build", policy, config: shell("make {params.target}") },
      },
      {
        id: "check",
        type: "condition",
        position: at,
        data: { name: "OK?", expression: 'nodes.build.output.status == "ok" && params.target != "none"' },
      },
      {
        id: "deploy",
        type: "http",
        position: at,
        data: {
          name: "Deploy",
          policy,
          config: {
            method: "POST",
            url: "https://deploy.example.com/{nodes.build.output.version}",
            headers: { "X-Target": "{params.target}" },
            body: "{nodes.build.output}",
            expectStatus: null,
            timeoutMs: 10_000,
            maxBytes: 65_536,
          },
        },
      },
      {
        id: "record",
        type: "sql",
        position: at,
        data: {
          name: "Record",
          policy,
          config: {
            datasourceId: "ds-1",
            query: "insert into deploys values ($1, $2)",
            params: ["{params.target}", "{nodes.deploy.output.status}"],
            statementTimeoutMs: 5000,
            rowCap: 10,
            readOnly: false,
          },
        },
      },
      {
        id: "gate",
        type: "gate",
        position: at,
        data: {
          name: "Approve",
          policy,
          timeoutHours: 24,
          onTimeout: "reject",
          level: { name: "Lead", kind: "single", users: ["u1"], roles: [], timeoutHours: null },
        },
      },
      {
        id: "notify",
        type: "job",
        position: at,
        data: {
          name: "Notify",
          policy,
          jobId: "11111111-1111-4111-8111-111111111111",
          params: { text: "{nodes.build.output.error}" },
        },
      },
      { id: "end", type: "end", position: at, data: {} },
    ],
    edges: [
      { id: "e1", source: "start", target: "build" },
      { id: "e2", source: "build", target: "check", sourceHandle: "success" },
      { id: "e3", source: "check", target: "deploy", sourceHandle: "true" },
      { id: "e4", source: "deploy", target: "record", sourceHandle: "always" },
      { id: "e5", source: "record", target: "end" },
      { id: "e6", source: "check", target: "gate", sourceHandle: "false" },
      { id: "e7", source: "gate", target: "end" },
      { id: "e8", source: "build", target: "notify", sourceHandle: "failure" },
      { id: "e9", source: "notify", target: "end" },
    ],
  };
}

type Data = Record<string, unknown>;
const edit = (g: FlowGraph, id: string, change: (data: Data) => Data): FlowGraph => ({
  ...g,
  nodes: g.nodes.map((n) => (n.id === id ? { ...n, data: change(structuredClone(n.data) as Data) as never } : n)),
});
const codes = (g: FlowGraph, s: FlowSettings = settings) => flowIssues(g, s).map((i) => [i.code, i.nodeId ?? null]);

describe("flowIssues", () => {
  test("a good flow passes", () => {
    expect(flowIssues(goodFlow(), settings)).toEqual([]);
  });

  test("a forged cycle is refused", () => {
    const g = goodFlow();
    g.edges.push({ id: "back", source: "record", target: "build", sourceHandle: "success" });
    const issues = codes(g);
    expect(issues).toContainEqual(["graph.cycle", "build"]);
    expect(issues).toContainEqual(["graph.cycle", "record"]);
  });

  test("a reference to a node that is not upstream is refused, on the node that makes it", () => {
    // notify (the failure branch) reads deploy's output: deploy is not its ancestor, it may never run first.
    const g = edit(goodFlow(), "notify", (d) => ({ ...d, params: { text: "{nodes.deploy.output.url}" } }));
    const issues = flowIssues(g, settings);
    expect(issues.map((i) => [i.code, i.nodeId])).toEqual([["flows.ref_not_upstream", "notify"]]);
    expect(issues[0]?.message).toContain('"node":"deploy"');
  });

  test("a reference to a node downstream, or to itself, is refused too", () => {
    const self = edit(goodFlow(), "build", (d) => ({ ...d, config: shell("echo {nodes.build.output}") }));
    expect(codes(self)).toEqual([["flows.ref_not_upstream", "build"]]);
    const down = edit(goodFlow(), "build", (d) => ({ ...d, config: shell("echo {nodes.record.output}") }));
    expect(codes(down)).toEqual([["flows.ref_not_upstream", "build"]]);
  });

  test("a reference to a node that does not exist is refused", () => {
    const g = edit(goodFlow(), "deploy", (d) => {
      const config = d.config as Data;
      return { ...d, config: { ...config, url: "https://x/{nodes.ghost.output.v}" } };
    });
    expect(codes(g)).toEqual([["flows.ref_unknown_node", "deploy"]]);
  });

  test("an unknown parameter is refused, in node texts and in expressions", () => {
    const text = edit(goodFlow(), "record", (d) => {
      const config = d.config as Data;
      return { ...d, config: { ...config, params: ["{params.nope}"] } };
    });
    expect(codes(text)).toEqual([["flows.ref_unknown_param", "record"]]);
    expect(codes(goodFlow(), { ...settings, parameters: [] })).toEqual([
      ["flows.ref_unknown_param", "build"],
      ["flows.ref_unknown_param", "check"],
      ["flows.ref_unknown_param", "deploy"],
      ["flows.ref_unknown_param", "record"],
    ]);
  });

  test("a condition reading a node that is not upstream is refused", () => {
    const g = edit(goodFlow(), "check", (d) => ({ ...d, expression: 'nodes.notify.status == "success"' }));
    expect(codes(g)).toEqual([["flows.ref_not_upstream", "check"]]);
  });

  test("a condition whose expression does not parse is incomplete, with the parse error", () => {
    const g = edit(goodFlow(), "check", (d) => ({ ...d, expression: "nodes.build.output.status ==" }));
    expect(codes(g)).toEqual([
      ["graph.incomplete", "check"],
      ["flows.expression_incomplete", "check"],
    ]);
  });

  test("nodes still to configure are incomplete", () => {
    let g = goodFlow();
    g = edit(g, "build", (d) => ({ ...d, config: shell("  ") }));
    g = edit(g, "notify", (d) => ({ ...d, jobId: null, params: {} }));
    g = edit(g, "deploy", (d) => ({ ...d, config: { ...(d.config as Data), url: "", headers: {}, body: "" } }));
    g = edit(g, "record", (d) => ({ ...d, config: { ...(d.config as Data), datasourceId: "", params: [] } }));
    g = edit(g, "gate", (d) => ({ ...d, level: { ...(d.level as Data), users: [] } }));
    expect(codes(g).sort()).toEqual(
      ["build", "deploy", "gate", "notify", "record"].map((id) => ["graph.incomplete", id]),
    );
  });

  test("two starts are refused", () => {
    const g = goodFlow();
    g.nodes.push({ id: "start2", type: "start", position: at, data: {} });
    g.edges.push({ id: "s2", source: "start2", target: "build" });
    expect(codes(g)).toContainEqual(["graph.many_starts", "start2"]);
  });

  test("policies out of range are refused on their node", () => {
    const g = edit(goodFlow(), "deploy", (d) => ({
      ...d,
      policy: { onFailure: "explode", timeoutMs: 500, timeoutAction: "fail", retries: 11, retryDelayMs: 86_400_001 },
    }));
    expect(codes(g)).toEqual([
      ["flows.policy_on_failure", "deploy"],
      ["flows.policy_retries", "deploy"],
      ["flows.policy_retry_delay", "deploy"],
      ["flows.policy_timeout", "deploy"],
    ]);
    const edges = edit(goodFlow(), "deploy", (d) => ({
      ...d,
      policy: { ...policy, retries: 10, retryDelayMs: 86_400_000, timeoutMs: 86_400_000 },
    }));
    expect(codes(edges)).toEqual([]);
    const tooLong = edit(goodFlow(), "gate", (d) => ({ ...d, policy: { ...policy, timeoutMs: 86_400_001 } }));
    expect(codes(tooLong)).toEqual([["flows.policy_timeout", "gate"]]);
  });

  test("settings: parallelism 1–50, parameter names valid and unique", () => {
    expect(codes(goodFlow(), { ...settings, parallelism: 0 })).toEqual([["flows.parallelism_range", null]]);
    expect(codes(goodFlow(), { ...settings, parallelism: 51 })).toEqual([["flows.parallelism_range", null]]);
    expect(codes(goodFlow(), { ...settings, parallelism: 50 })).toEqual([]);
    expect(codes(goodFlow(), { ...settings, timeoutMs: 10 })).toEqual([["flows.flow_timeout_range", null]]);
    const parameters = [
      { name: "target", default: "" },
      { name: "target", default: "x" },
      { name: "1bad", default: "" },
      { name: "has space", default: "" },
    ];
    expect(codes(goodFlow(), { ...settings, parameters })).toEqual([
      ["flows.parameter_repeated", null],
      ["flows.param_name_invalid", null],
      ["flows.param_name_invalid", null],
    ]);
  });

  test("more than MAX_FLOW_NODES nodes is refused before anything else", () => {
    const g = goodFlow();
    for (let i = 0; i < MAX_FLOW_NODES; i++) g.nodes.push({ id: `x${i}`, type: "end", position: at, data: {} });
    expect(codes(g)).toEqual([["flows.too_many_nodes", null]]);
  });
});

describe("flowRegistry", () => {
  const g = goodFlow();
  test("executable nodes leave by success, failure or always; conditions by true or false", () => {
    expect(flowRegistry.get("shell")?.outputs.map((h) => h.id)).toEqual(["success", "failure", "always"]);
    expect(flowRegistry.get("gate")?.outputs.map((h) => h.id)).toEqual(["success", "failure", "always"]);
    expect(flowRegistry.get("condition")?.outputs.map((h) => h.id)).toEqual(["true", "false"]);
    expect(flowRegistry.get("condition")?.role).toBeUndefined();
    expect(canConnect(g, flowRegistry, { source: "build", target: "gate", sourceHandle: "always" })).toBeNull();
    expect(canConnect(g, flowRegistry, { source: "build", target: "gate", sourceHandle: "true" })).toContain(
      "graph.unknown_handle",
    );
    expect(canConnect(g, flowRegistry, { source: "end", target: "gate" })).toContain("graph.no_outputs");
    expect(canConnect(g, flowRegistry, { source: "build", target: "start" })).toContain("graph.no_inputs");
  });
});
