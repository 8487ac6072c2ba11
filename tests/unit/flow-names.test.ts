import { describe, expect, it } from "vitest";
import { conditionEdgeLabel, levelSummary, nodeName } from "@/components/approvals/flow-names";
import type { ApprovalGraph } from "@/lib/approvals/flow-graph";
import { translator } from "@/lib/i18n/translate";

/** How the designer names things on the canvas: edge labels of a condition's rules, node names, level lines. */
const approvals = (locale: string) => {
  const t = translator(locale);
  return (key: string, values?: Record<string, string | number | Date>) => t(`approvals.${key}`, values);
};
const options = {
  members: [],
  roles: [{ key: "release", name: "Release manager", builtin: false }],
  environments: [
    { id: "env-prod", name: "PROD" },
    { id: "env-test", name: "TEST" },
  ],
  purposes: [],
  templates: [],
};
const roleName = (key: string) => options.roles.find((r) => r.key === key)?.name ?? key;

const graph: ApprovalGraph = {
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
    {
      id: "c1",
      type: "condition",
      position: { x: 0, y: 0 },
      data: {
        rules: [
          { field: "environment", op: "in", value: ["env-prod", "env-test"], edge: "to-board" },
          { field: "requesterRole", op: "neq", value: "release", edge: "to-board" },
          { field: "variable", variable: "host", op: "matches", value: "api-.*", edge: "to-end" },
        ],
        defaultEdge: "to-end",
      },
    },
    { id: "c2", type: "condition", position: { x: 0, y: 0 }, data: { rules: [], defaultEdge: null } },
    {
      id: "board",
      type: "approval",
      position: { x: 0, y: 0 },
      data: { name: "Board", kind: "countersign", users: ["a", "b"], roles: [], timeoutHours: 24 },
    },
    { id: "end", type: "end", position: { x: 0, y: 0 }, data: {} },
  ],
  edges: [
    { id: "to-board", source: "c1", target: "board" },
    { id: "to-end", source: "c1", target: "end" },
    { id: "plain", source: "board", target: "end" },
  ],
};
const edge = (id: string) => graph.edges.find((e) => e.id === id) as ApprovalGraph["edges"][number];

describe("the designer's names", () => {
  it("labels a condition's edges with the rules that lead by them, names instead of ids, and the default", () => {
    const t = approvals("en");
    expect(conditionEdgeLabel(t, edge("to-board"), graph, options, roleName)).toBe(
      "Environment in PROD, TEST · Requester's role ≠ Release manager",
    );
    expect(conditionEdgeLabel(t, edge("to-end"), graph, options, roleName)).toBe("host ~ api-.* · default");
    expect(conditionEdgeLabel(t, edge("plain"), graph, options, roleName)).toBeNull();
  });

  it("numbers conditions when there are several, and says a level in one line (简体中文 too)", () => {
    const en = approvals("en");
    expect(nodeName(en, graph, graph.nodes[1])).toBe("Condition 1");
    expect(nodeName(en, graph, graph.nodes[2])).toBe("Condition 2");
    expect(nodeName(en, graph, graph.nodes[4])).toBe("End");
    const level = graph.nodes[3]?.data as Parameters<typeof levelSummary>[1];
    expect(levelSummary(en, level)).toBe("Board — Countersign · 2 approvers · 24 h");
    expect(levelSummary(approvals("zh-CN"), level)).toBe("Board — 会签 · 2 位审批人 · 24 小时");
  });
});
