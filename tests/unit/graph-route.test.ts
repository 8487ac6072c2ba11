import { describe, expect, it } from "vitest";
import { RouteError, type RouteValues, routePath, ruleMatches } from "@/lib/graph/route";
import type { ConditionRule } from "@/lib/graph/types";
import { validateGraph } from "@/lib/graph/validate";
import { approval, condition, edge, end, graph, prodRoute, registry, start } from "./graph-fixtures";

/**
 * start → env? ─ PROD ─────────→ board ─┐
 *              ─ STAGING, UAT ─→ qa ────┤
 *              ─ default ───────────────┴→ role? ─ requester is admin ─────→ end
 *                                                ─ variable risk ~ high|critical → sec → end
 *                                                ─ template ~ db-.* ─────→ dba → end
 *                                                ─ purpose ≠ maintenance → lead → end
 *                                                ─ default ──────────────→ ops → end
 */
const flow = () =>
  graph(
    [
      start(),
      condition(
        "env",
        [
          { field: "environment", op: "eq", value: "PROD", edge: "env>board" },
          { field: "environment", op: "in", value: ["STAGING", "UAT"], edge: "env>qa" },
        ],
        "env>role",
      ),
      approval("board"),
      approval("qa"),
      condition(
        "role",
        [
          { field: "requesterRole", op: "eq", value: "admin", edge: "role>end" },
          { field: "variable", variable: "risk", op: "matches", value: "high|critical", edge: "role>sec" },
          { field: "template", op: "matches", value: "db-.*", edge: "role>dba" },
          { field: "purpose", op: "neq", value: "maintenance", edge: "role>lead" },
        ],
        "role>ops",
      ),
      approval("sec"),
      approval("dba"),
      approval("lead"),
      approval("ops"),
      end(),
    ],
    [
      edge("start", "env"),
      edge("env", "board"),
      edge("env", "qa"),
      edge("env", "role"),
      edge("board", "role"),
      edge("qa", "role"),
      edge("role", "end"),
      edge("role", "ops"),
      edge("ops", "end"),
      edge("role", "sec"),
      edge("role", "dba"),
      edge("role", "lead"),
      edge("sec", "end"),
      edge("dba", "end"),
      edge("lead", "end"),
    ],
  );

describe("routePath", () => {
  it("walks a valid graph", () => {
    expect(validateGraph(flow(), registry)).toEqual([]);
    expect(validateGraph(prodRoute(), registry)).toEqual([]);
  });

  const table: [string, RouteValues, string[]][] = [
    [
      "PROD by an admin: board, then out",
      { environment: "PROD", requesterRole: "admin" },
      ["start", "env", "board", "role", "end"],
    ],
    [
      "UAT, critical risk: qa, then security",
      { environment: "UAT", requesterRole: "member", variables: { risk: "critical" } },
      ["start", "env", "qa", "role", "sec", "end"],
    ],
    [
      "STAGING, high risk",
      { environment: "STAGING", variables: { risk: "high" } },
      ["start", "env", "qa", "role", "sec", "end"],
    ],
    [
      "TEST, a db- template, maintenance: the DBA",
      { environment: "TEST", template: "db-migrate", purpose: "maintenance", requesterRole: "member" },
      ["start", "env", "role", "dba", "end"],
    ],
    ["TEST, a release: the lead", { environment: "TEST", purpose: "release" }, ["start", "env", "role", "lead", "end"]],
    [
      "TEST, maintenance: the default",
      { environment: "TEST", purpose: "maintenance" },
      ["start", "env", "role", "ops", "end"],
    ],
    ["nothing known: purpose ≠ maintenance holds for a missing purpose", {}, ["start", "env", "role", "lead", "end"]],
    [
      "rule order: admin wins over high risk",
      { environment: "PROD", requesterRole: "admin", variables: { risk: "high" } },
      ["start", "env", "board", "role", "end"],
    ],
    [
      "rule order: risk wins over the db- template",
      { template: "db-x", variables: { risk: "high" } },
      ["start", "env", "role", "sec", "end"],
    ],
    [
      "values are case-sensitive: prod is not PROD",
      { environment: "prod", purpose: "maintenance" },
      ["start", "env", "role", "ops", "end"],
    ],
    [
      "matches is a whole match: highest is not high",
      { variables: { risk: "highest" }, purpose: "maintenance" },
      ["start", "env", "role", "ops", "end"],
    ],
    [
      "matches is a whole match: mydb-x is not db-.*",
      { template: "mydb-x", purpose: "maintenance" },
      ["start", "env", "role", "ops", "end"],
    ],
    [
      "another variable does not count",
      { variables: { severity: "high" }, purpose: "maintenance" },
      ["start", "env", "role", "ops", "end"],
    ],
  ];
  it.each(table)("%s", (_, values, path) => {
    expect(routePath(flow(), registry, values)).toEqual(path);
  });

  it("PROD through the change board, TEST to the lead only", () => {
    expect(routePath(prodRoute(), registry, { environment: "PROD" })).toEqual(["start", "env", "board", "lead", "end"]);
    expect(routePath(prodRoute(), registry, { environment: "TEST" })).toEqual(["start", "env", "lead", "end"]);
  });

  it("refuses a graph it cannot walk", () => {
    const stuck = graph([start(), approval("a"), end()], [edge("start", "a")]);
    expect(() => routePath(stuck, registry, {})).toThrow(
      expect.objectContaining({ code: "graph.route_stuck", nodeId: "a" }),
    );
    const noDefault = graph([start(), condition("c", [], null), end()], [edge("start", "c"), edge("c", "end")]);
    expect(() => routePath(noDefault, registry, {})).toThrow(RouteError);
    const loop = graph(
      [start(), condition("c", [], "c>a"), approval("a"), end()],
      [edge("start", "c"), edge("c", "a"), edge("a", "c"), edge("c", "end")],
    );
    expect(() => routePath(loop, registry, {})).toThrow(expect.objectContaining({ code: "graph.route_loop" }));
    expect(() => routePath(graph([end()], []), registry, {})).toThrow(
      expect.objectContaining({ code: "graph.no_start" }),
    );
  });
});

describe("ruleMatches", () => {
  const rule = (op: ConditionRule["op"], value: string | string[]): ConditionRule => ({
    field: "environment",
    op,
    value,
    edge: "x",
  });
  const cases: [ConditionRule, string | undefined, boolean][] = [
    [rule("eq", "PROD"), "PROD", true],
    [rule("eq", "PROD"), "TEST", false],
    [rule("eq", "PROD"), undefined, false],
    [rule("neq", "PROD"), "PROD", false],
    [rule("neq", "PROD"), "TEST", true],
    [rule("neq", "PROD"), undefined, true],
    [rule("in", ["PROD", "UAT"]), "UAT", true],
    [rule("in", ["PROD", "UAT"]), "TEST", false],
    [rule("in", ["PROD", "UAT"]), undefined, false],
    [rule("matches", "PROD|UAT"), "UAT", true],
    [rule("matches", "PR"), "PROD", false],
    [rule("matches", ".*"), undefined, false],
    [rule("matches", "("), "(", false],
  ];
  it.each(cases)("%o on %s → %s", (r, environment, expected) => {
    expect(ruleMatches(r, { environment })).toBe(expected);
  });
});
