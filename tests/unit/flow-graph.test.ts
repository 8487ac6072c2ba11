import { describe, expect, test } from "vitest";
import { type FlowLevel, levelsToGraph } from "@/lib/approvals/flow";
import {
  type ApprovalGraph,
  asApprovalGraph,
  flowIssues,
  orderRouteValues,
  routeLevels,
  routeVariables,
} from "@/lib/approvals/flow-graph";
import type { ConditionRule } from "@/lib/graph/types";

const level = (name: string, kind: FlowLevel["kind"] = "single", users = ["u1"]): FlowLevel => ({
  name,
  kind,
  users,
  roles: [],
  timeoutHours: null,
});

const at = (y: number) => ({ x: 0, y });

/** start → env? ─ PROD → board → lead → end;  default → lead → end. */
function conditional(rules: ConditionRule[], defaultEdge: string | null = "env>lead"): ApprovalGraph {
  return {
    nodes: [
      { id: "start", type: "start", position: at(0), data: {} },
      { id: "env", type: "condition", position: at(1), data: { rules, defaultEdge } },
      { id: "board", type: "approval", position: at(2), data: level("Change board", "countersign", ["u1", "u2"]) },
      { id: "lead", type: "approval", position: at(3), data: level("Team lead") },
      { id: "end", type: "end", position: at(4), data: {} },
    ],
    edges: [
      { id: "start>env", source: "start", target: "env" },
      { id: "env>board", source: "env", target: "board" },
      { id: "env>lead", source: "env", target: "lead" },
      { id: "board>lead", source: "board", target: "lead" },
      { id: "lead>end", source: "lead", target: "end" },
    ],
  };
}
const prodFirst = () => conditional([{ field: "environment", op: "eq", value: "PROD", edge: "env>board" }]);

describe("approval flow graphs", () => {
  test("a chain from the form editor (no data on start and end) is a valid flow and routes as its chain", () => {
    const graph = asApprovalGraph(levelsToGraph([level("Lead"), level("Ops", "or", ["u2", "u3"])]));
    expect(flowIssues(graph)).toEqual([]);
    const routed = routeLevels(graph, {});
    expect(routed.path).toEqual(["start", "level-1", "level-2", "end"]);
    expect(routed.levels.map((l) => [l.nodeId, l.name])).toEqual([
      ["level-1", "Lead"],
      ["level-2", "Ops"],
    ]);
    expect(routed.conditions).toEqual([]);
  });

  test("a PROD order and a TEST order take different routes, and each condition says which rule it took", () => {
    const graph = prodFirst();
    expect(flowIssues(graph)).toEqual([]);
    const prod = routeLevels(graph, { environment: "PROD" });
    expect(prod.levels.map((l) => l.name)).toEqual(["Change board", "Team lead"]);
    expect(prod.conditions).toEqual([{ nodeId: "env", rule: 0 }]);
    const test = routeLevels(graph, { environment: "TEST" });
    expect(test.levels.map((l) => l.name)).toEqual(["Team lead"]);
    expect(test.conditions).toEqual([{ nodeId: "env", rule: "default" }]);
  });

  test("the first matching rule wins, by its index", () => {
    const graph = conditional([
      { field: "requesterRole", op: "eq", value: "ADMIN", edge: "env>lead" },
      { field: "environment", op: "in", value: ["PROD", "UAT"], edge: "env>board" },
    ]);
    expect(routeLevels(graph, { environment: "UAT", requesterRole: "MEMBER" }).conditions[0]?.rule).toBe(1);
    expect(routeLevels(graph, { environment: "UAT", requesterRole: "ADMIN" }).conditions[0]?.rule).toBe(0);
  });

  test("a condition without a default route, a cycle, and a route that meets no deciding level are issues", () => {
    expect(flowIssues(conditional([], null)).map((i) => i.code)).toContain("graph.no_default_route");
    const looped = prodFirst();
    looped.edges.push({ id: "lead>env", source: "lead", target: "env" });
    expect(flowIssues(looped).map((i) => i.code)).toContain("graph.cycle");
    const ccOnly = prodFirst();
    const lead = ccOnly.nodes.find((n) => n.id === "lead");
    if (lead) lead.data = level("FYI", "cc");
    expect(flowIssues(ccOnly)).toEqual([expect.objectContaining({ code: "approvals.route_without_level" })]);
  });

  test("too many nodes and an over-long pattern are refused before anything runs", () => {
    const big = asApprovalGraph(levelsToGraph(Array.from({ length: 300 }, (_, i) => level(`L${i}`))));
    expect(flowIssues(big).map((i) => i.code)).toEqual(["approvals.flow_too_large"]);
    const long = conditional([
      { field: "variable", variable: "Host", op: "matches", value: "a".repeat(201), edge: "env>board" },
    ]);
    expect(flowIssues(long)).toContainEqual(
      expect.objectContaining({ code: "approvals.pattern_too_long", nodeId: "env" }),
    );
  });

  test("an order's values: category and template ids, the requester's role, a multi-value variable joined with ','", () => {
    const values = orderRouteValues({
      environmentId: "env-id",
      purposeId: "purpose-id",
      templateId: "tpl-id",
      requesterRole: "MEMBER",
      values: { Host: ["web1", "web2"], Note: "", Region: "eu" },
    });
    expect(values).toEqual({
      environment: "env-id",
      purpose: "purpose-id",
      template: "tpl-id",
      requesterRole: "MEMBER",
      variables: { Host: "web1,web2", Region: "eu" },
    });
    const graph = conditional([
      { field: "variable", variable: "Host", op: "matches", value: "(.*,)?web2(,.*)?", edge: "env>board" },
    ]);
    expect(routeLevels(graph, values).conditions[0]?.rule).toBe(0);
    expect(routeLevels(graph, { variables: routeVariables({ Host: ["web1"] }) }).conditions[0]?.rule).toBe("default");
  });

  test("a value longer than 1000 characters is cut before a pattern reads it", () => {
    const graph = conditional([
      { field: "variable", variable: "Note", op: "matches", value: "a{1001}", edge: "env>board" },
    ]);
    expect(routeLevels(graph, { variables: { Note: "a".repeat(1001) } }).conditions[0]?.rule).toBe("default");
    const exact = conditional([
      { field: "variable", variable: "Note", op: "matches", value: "a{1000}", edge: "env>board" },
    ]);
    expect(routeLevels(exact, { variables: { Note: "a".repeat(1001) } }).conditions[0]?.rule).toBe(0);
  });
});
