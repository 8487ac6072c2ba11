import { describe, expect, it } from "vitest";
import { diffSentences } from "@/components/approvals/flow-diff";
import type { FlowLevel } from "@/lib/approvals/flow";
import type { ApprovalGraph } from "@/lib/approvals/flow-graph";
import { diffGraphs } from "@/lib/graph/diff";
import { translator } from "@/lib/i18n/translate";

/** The version diff page's sentences: what an admin reads for each kind of change, in both languages. */
const level = (name: string, patch: Partial<FlowLevel> = {}): FlowLevel => ({
  name,
  kind: "single",
  users: ["u-ann"],
  roles: [],
  timeoutHours: null,
  ...patch,
});

const v1: ApprovalGraph = {
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
    { id: "lead", type: "approval", position: { x: 0, y: 100 }, data: level("Lead") },
    { id: "end", type: "end", position: { x: 0, y: 200 }, data: {} },
  ],
  edges: [
    { id: "e1", source: "start", target: "lead" },
    { id: "e2", source: "lead", target: "end" },
  ],
};

const v2: ApprovalGraph = {
  nodes: [
    { id: "start", type: "start", position: { x: 0, y: 0 }, data: {} },
    {
      id: "cond",
      type: "condition",
      position: { x: 0, y: 100 },
      data: { rules: [{ field: "environment", op: "eq", value: "env-prod", edge: "e4" }], defaultEdge: "e5" },
    },
    {
      id: "board",
      type: "approval",
      position: { x: -200, y: 200 },
      data: level("Change board", { kind: "countersign", users: ["u-ann", "u-bob"] }),
    },
    {
      id: "lead",
      type: "approval",
      position: { x: 200, y: 300 },
      data: level("Lead", { kind: "or", timeoutHours: 24 }),
    },
    { id: "end", type: "end", position: { x: 0, y: 400 }, data: {} },
  ],
  edges: [
    { id: "e3", source: "start", target: "cond" },
    { id: "e4", source: "cond", target: "board" },
    { id: "e5", source: "cond", target: "lead" },
    { id: "e6", source: "board", target: "lead" },
    { id: "e2", source: "lead", target: "end" },
  ],
};

/** The `approvals` namespace of a locale, as the page's getTranslations("approvals") gives it. */
const approvals = (locale: string) => {
  const t = translator(locale);
  return (key: string, values?: Record<string, string | number | Date>) => t(`approvals.${key}`, values);
};

const names = (sep: string) => ({
  options: {
    members: [],
    roles: [],
    environments: [{ id: "env-prod", name: "PROD" }],
    purposes: [],
    templates: [],
  },
  roleName: (key: string) => key,
  memberName: (id: string) => ({ "u-ann": "Ann", "u-bob": "Bob" })[id] ?? "?",
  sep,
});

describe("flow version diff sentences", () => {
  it("tells added levels and conditions, a level's kind and timeout, new connections and the moves (English)", () => {
    const lines = diffSentences(approvals("en"), diffGraphs(v1, v2), v1, v2, names(", "));
    expect(lines).toContain("Added Condition");
    expect(lines).toContain("Added level “Change board”");
    expect(lines).toContain("Level “Lead”: kind Single → Or-sign");
    expect(lines).toContain("Level “Lead”: timeout no limit → 24 h");
    expect(lines).toContain("Connected Condition → Change board");
    expect(lines).toContain("Disconnected Start → Lead");
    expect(lines.at(-1)).toBe("Moved 2 steps");
  });

  it("tells a rename, changed approvers and a condition's rules and default route (简体中文)", () => {
    const v3: ApprovalGraph = {
      ...v2,
      nodes: v2.nodes.map((n) =>
        n.id === "board"
          ? { ...n, data: { ...(n.data as FlowLevel), name: "CAB", users: ["u-bob"] } }
          : n.id === "cond"
            ? { ...n, data: { rules: [], defaultEdge: "e4" } }
            : n,
      ),
    };
    const lines = diffSentences(approvals("zh-CN"), diffGraphs(v2, v3), v2, v3, names("、"));
    expect(lines).toContain("级别“Change board”更名为“CAB”");
    expect(lines).toContain("级别“CAB”：指定审批人 Ann、Bob → Bob");
    expect(lines).toContain("条件：规则 环境 = PROD → Change board → 无规则");
    expect(lines).toContain("条件：默认路线 到Lead → 到CAB");
  });
});
