import { describe, expect, test } from "vitest";
import { approversIssue, type FlowLevel, levelsToGraph } from "@/lib/approvals/flow";
import { parseMsg } from "@/lib/i18n/message";

const level = (name: string, kind: FlowLevel["kind"] = "single", users = ["u1"], roles: string[] = []): FlowLevel => ({
  name,
  kind,
  users,
  roles,
  timeoutHours: null,
});

describe("approval flow levels", () => {
  test("the form editor's chain: start → each level in order → end, top to bottom, each level's data as given", () => {
    const levels = [level("Leads", "countersign", ["u1", "u2"]), level("Ops"), level("FYI", "cc")];
    const g = levelsToGraph(levels);
    expect(g.nodes.map((n) => n.id)).toEqual(["start", "level-1", "level-2", "level-3", "end"]);
    expect(g.nodes.map((n) => n.position.y)).toEqual([0, 120, 240, 360, 480]);
    expect(g.nodes.flatMap((n) => ("data" in n ? [n.data] : []))).toEqual(levels);
    expect(g.edges.map((e) => `${e.source}>${e.target}`)).toEqual([
      "start>level-1",
      "level-1>level-2",
      "level-2>level-3",
      "level-3>end",
    ]);
  });

  test("a level's approvers: somebody must be named, and a single-approver level names exactly one member", () => {
    const code = (l: FlowLevel) => parseMsg(approversIssue(l))?.code ?? null;
    expect(code(level("Nobody", "or", []))).toBe("approvals.pick_approver");
    expect(code(level("Two", "single", ["u1", "u2"]))).toBe("approvals.single_one_member");
    expect(code(level("Role", "single", [], ["ADMIN"]))).toBe("approvals.single_one_member");
    expect(code(level("One"))).toBeNull();
    expect(code(level("Admins", "countersign", [], ["ADMIN"]))).toBeNull();
  });
});
