import { count } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { approvalFlows, auditLog } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import type { FlowLevel } from "@/lib/approvals/flow";
import { approvalRegistry, flowIssues } from "@/lib/approvals/flow-graph";
import { saveFlow } from "@/lib/approvals/save-flow";
import type { Graph } from "@/lib/graph/types";
import { ZFlowGraph } from "@/lib/validation/approvals";
import { makeOwner } from "../../support/factory";
import { invalidFixtures } from "../../unit/graph-fixtures";

/**
 * The graph core's fixtures, one per rule, as forged saves: whatever the designer's check
 * (flowIssues, the canvas's `validate`) refuses, the server refuses too, by the same code, and
 * writes nothing. Fixtures whose node kinds approval flows do not have (the handle-type ones) are
 * refused by the save's schema before any graph rule runs.
 */
describe("the designer and the server refuse the same graphs", () => {
  test("every invalid fixture, sent as a save, is refused by the code the designer shows, and nothing is written", async () => {
    const owner = await makeOwner();
    const asFlow = (graph: Graph): Graph => ({
      ...graph,
      nodes: graph.nodes.map((n) => {
        if (n.type !== "approval") return n;
        const approvers = (n.data as { approvers: string[] }).approvers;
        const level: FlowLevel = {
          name: n.id,
          kind: "single",
          users: approvers.length ? [owner.actor.userId] : [],
          roles: [],
          timeoutHours: null,
        };
        return { ...n, data: level };
      }),
    });
    const written = () =>
      withTenant(owner.actor, async (tx) => ({
        flows: (await tx.select({ n: count() }).from(approvalFlows))[0]?.n,
        audit: (await tx.select({ n: count() }).from(auditLog))[0]?.n,
      }));
    const before = await written();
    const outcomes: string[] = [];
    for (const fixture of invalidFixtures()) {
      const graph = asFlow(fixture.graph);
      const kinds = new Set(graph.nodes.map((n) => n.type));
      const foreign = [...kinds].some((k) => !approvalRegistry.has(k));
      const parsed = ZFlowGraph.safeParse(graph);
      if (foreign) {
        expect(parsed.success, fixture.rule).toBe(false);
        outcomes.push(`${fixture.rule}: schema`);
        continue;
      }
      expect(parsed.success, fixture.rule).toBe(true);
      const browser = flowIssues(graph as never).map((i) => i.code);
      expect(browser, fixture.rule).toEqual(expect.arrayContaining(fixture.codes));
      const refused = await saveFlow(owner.actor, {
        name: `forged ${fixture.rule}`,
        description: "",
        graph: ZFlowGraph.parse(graph),
      }).then(
        () => null,
        (error: { code?: string }) => error.code,
      );
      // An approver-less level is told as the form told it, the specific form of "incomplete".
      const expected = browser[0] === "graph.incomplete" ? "approvals.level_issue" : browser[0];
      expect(refused, fixture.rule).toBe(expected);
      outcomes.push(`${fixture.rule}: ${refused}`);
    }
    expect(outcomes.filter((o) => o.endsWith("schema")).length).toBeLessThan(outcomes.length / 2);
    expect(await written()).toEqual(before);
  });
});
