import { describe, expect, test } from "vitest";
import type { z } from "zod";
import { ZSaveFlow } from "@/lib/validation/approvals";
import { ZSaveChannel, ZSaveTemplate as ZSaveNotificationTemplate } from "@/lib/validation/notifications";
import { readableErrors, treeToIssues } from "@/lib/validation/readable-errors";
import { ZAddMember, ZSignUp } from "@/lib/validation/tenancy";
import { ZSaveTemplate, ZSubmitOrder } from "@/lib/validation/work-orders";

const template = {
  tenant: "acme",
  name: "Deploy",
  environmentId: crypto.randomUUID(),
  purposeId: crypto.randomUUID(),
  command: "./deploy.sh {Host}",
  submitRoles: ["OWNER"],
  requiresApproval: false,
  variables: [{ name: "Host", label: "Hosts", source: { type: "list", options: ["web-1", "web-2"] } }],
};
const order = { tenant: "acme", templateId: crypto.randomUUID(), values: { Host: "web-1" } };

/** What the action answers for `input` (the same shaping lib/safe-action.ts applies). */
function answer(schema: z.ZodType, input: unknown) {
  const r = schema.safeParse(input);
  expect(r.success).toBe(false);
  return readableErrors(r.error?.issues ?? [], input);
}
const messages = (a: ReturnType<typeof readableErrors>) => [...a.formErrors, ...Object.values(a.fieldErrors).flat()];

/** zod's own wording, which must never reach a person. */
const ZOD_SPEAK = /expected|Too (big|small)|Invalid (input|option|string|key|element)|Unrecognized|received|<=|>=/;

describe("NUL and control characters", () => {
  test.each([
    ["template name", ZSaveTemplate, { ...template, name: "De\u0000ploy" }, "name"],
    [
      "option value",
      ZSaveTemplate,
      { ...template, variables: [{ ...template.variables[0], source: { type: "list", options: ["a\u0000"] } }] },
      "variables.0.source.options.0",
    ],
    ["order title", ZSubmitOrder, { ...order, title: "fix\u0000" }, "title"],
    [
      "member name",
      ZSignUp,
      { name: "A\u0000da", email: "a@b.co", password: "long enough pw", tenantName: "Acme" },
      "name",
    ],
    [
      "notification body",
      ZSaveNotificationTemplate,
      { tenant: "acme", event: "work-order/submitted", format: "email", subject: "s", body: "b\u0000" },
      "body",
    ],
    ["channel name", ZSaveChannel, { tenant: "acme", name: "ops\u0000", kind: "slack" }, "name"],
    [
      "channel secret",
      ZSaveChannel,
      { tenant: "acme", name: "ops", kind: "slack", signingSecret: "s\u0000" },
      "signingSecret",
    ],
    [
      "flow level name",
      ZSaveFlow,
      {
        tenant: "acme",
        name: "f",
        graph: {
          nodes: [{ id: "l1", type: "approval", position: { x: 0, y: 0 }, data: { name: "L\u0000", kind: "single" } }],
          edges: [],
        },
      },
      "graph.nodes.0.data.name",
    ],
  ])("a NUL in the %s is refused with a message on that field", (_what, schema, input, path) => {
    const a = answer(schema as never, input);
    expect(a.fieldErrors[path]?.join(" ")).toMatch(/NUL byte/);
  });

  test("other control characters are refused; tabs and (in multi-line text) line breaks are not", () => {
    expect(answer(ZSaveTemplate, { ...template, name: "a\u0007b" }).fieldErrors.name?.[0]).toMatch(
      /control character \(U\+0007\)/,
    );
    expect(answer(ZSaveTemplate, { ...template, name: "a\nb" }).fieldErrors.name?.[0]).toMatch(/one line/);
    expect(ZSaveTemplate.safeParse({ ...template, description: "line 1\nline 2\tx" }).success).toBe(true);
  });
});

describe("caps and unknown keys", () => {
  test("10,000 submitRoles are refused", () => {
    const a = answer(ZSaveTemplate, { ...template, submitRoles: Array(10_000).fill("OWNER") });
    expect(a.fieldErrors.submitRoles).toEqual(["At most 50 roles."]);
  });

  test("a __proto__ key in values is refused by name, not dropped", () => {
    const input = JSON.parse(
      `{"tenant":"acme","templateId":"${crypto.randomUUID()}","values":{"__proto__":"x","Host":"web-1"}}`,
    );
    const a = answer(ZSubmitOrder, input);
    expect(a.fieldErrors.values?.[0]).toMatch(/"__proto__" is a reserved name/);
  });

  test("values and internal variables are capped in entries", () => {
    const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`V${i}`, "x"]));
    expect(answer(ZSubmitOrder, { ...order, values: many }).fieldErrors.values).toEqual(["At most 30 entries."]);
  });

  test("an unknown key is refused with its name, at the top and inside nested objects", () => {
    const top = answer(ZSubmitOrder, { ...order, admin: true });
    expect(top.formErrors).toEqual(['Unknown field "admin": it is not part of this form.']);
    const nested = answer(ZSaveTemplate, { ...template, variables: [{ ...template.variables[0], secret: 1 }] });
    expect(nested.fieldErrors.variables).toEqual(['Hosts: unknown field "secret": it is not part of this form.']);
    expect(
      answer(ZAddMember, { tenant: "acme", email: "a@b.co", role: "VIEWER", isOwner: true }).formErrors[0],
    ).toMatch(/"isOwner"/);
  });

  test("the idempotency key every form sends is accepted everywhere", () => {
    const idempotencyKey = crypto.randomUUID();
    expect(ZSubmitOrder.safeParse({ ...order, idempotencyKey }).success).toBe(true);
    expect(ZAddMember.safeParse({ tenant: "acme", email: "a@b.co", role: "VIEWER", idempotencyKey }).success).toBe(
      true,
    );
  });
});

describe("nested errors are named", () => {
  test("an option over 200 characters names the option and the variable", () => {
    const input = {
      ...template,
      variables: [{ ...template.variables[0], source: { type: "list", options: ["a", "b", "x".repeat(201)] } }],
    };
    const a = answer(ZSaveTemplate, input);
    expect(a.fieldErrors.variables).toEqual(["Option 3 of Hosts: at most 200 characters."]);
    expect(a.fieldErrors["variables.0.source.options.2"]).toEqual(["At most 200 characters."]);
  });

  test("the answer is the same when rebuilt from next-safe-action's error tree", () => {
    const input = { ...template, variables: [{ ...template.variables[0], name: "1bad", label: "" }] };
    const issues = ZSaveTemplate.safeParse(input).error?.issues ?? [];
    const tree = { variables: { 0: { name: { _errors: issues.map((i) => i.message) } } } };
    expect(readableErrors(treeToIssues(tree), input).fieldErrors.variables?.[0]).toMatch(
      /^Name of 1bad: variable names are/,
    );
  });

  test("the approval flow is reported together with the other errors, in one round", () => {
    const a = answer(ZSaveTemplate, { ...template, name: "", requiresApproval: true, approvalFlowId: null });
    expect(Object.keys(a.fieldErrors).sort()).toEqual(["approvalFlowId", "name"]);
  });

  test("duplicate variable names and undefined placeholders are reported by validation too", () => {
    const a = answer(ZSaveTemplate, {
      ...template,
      command: "echo {Host} {Nope}",
      variables: [template.variables[0], { ...template.variables[0], label: "" }],
    });
    expect(a.fieldErrors["variables.1.name"]).toEqual(['The name "Host" is used twice.']);
    expect(a.fieldErrors.command).toEqual(["The command uses undefined variables: {Nope}."]);
  });
});

describe("messages are written for people", () => {
  test.each([
    [ZSaveTemplate, { ...template, name: "x".repeat(121) }],
    [ZSaveTemplate, { ...template, timeoutSeconds: "ten" }],
    [ZSaveTemplate, { ...template, submitRoles: ["ROOT"] }],
    [ZSaveTemplate, { ...template, variables: [{ ...template.variables[0], source: { type: "ftp" } }] }],
    [ZSaveTemplate, { ...template, variables: [{ ...template.variables[0], source: { type: "http", url: "x" } }] }],
    [ZSaveTemplate, { ...template, variables: [{ ...template.variables[0], label: 5, multiple: "yes" }] }],
    [ZSaveTemplate, { ...template, variables: [{ ...template.variables[0], pattern: { preset: "email" } }] }],
    [ZSaveTemplate, { ...template, variables: [{ ...template.variables[0], pattern: { regex: "(" } }] }],
    [ZSaveTemplate, { ...template, deployWindow: { days: [9], from: "25:00", to: "x" } }],
    [ZSaveTemplate, { ...template, internalVariables: { "bad name": "x" } }],
    [ZSubmitOrder, { ...order, values: { Host: 5 } }],
    [ZSubmitOrder, { ...order, templateId: "nope", title: ["x"] }],
    [ZSaveFlow, { tenant: "acme", name: "f", levels: [{ name: "L", kind: "x", users: ["u"], timeoutHours: 0.5 }] }],
    [ZSaveChannel, { tenant: "acme", name: "ops", kind: "fax", url: "ftp://x", events: ["nope"] }],
  ])("%#: no zod-speak, every message non-empty", (schema, input) => {
    const a = answer(schema as never, input);
    const all = messages(a);
    expect(all.length).toBeGreaterThan(0);
    for (const m of all) {
      expect(m).not.toMatch(ZOD_SPEAK);
      expect(m.trim()).not.toBe("");
    }
  });
});

describe("one round", () => {
  test("a template's cross-field problems come with the field problems, not after they are fixed", () => {
    const a = answer(ZSaveTemplate, {
      ...template,
      name: "",
      command: "./deploy.sh {Host} {Missing}",
      requiresApproval: true,
      approvalFlowId: null,
    });
    expect(a.fieldErrors.name).toEqual(["Name is required."]);
    expect(a.fieldErrors.approvalFlowId).toEqual(["Choose the approval flow, or turn approval off."]);
    expect(a.fieldErrors.command).toEqual(["The command uses undefined variables: {Missing}."]);
  });

  test("even when another field failed in a way that stops zod early (a bad internal variable name, no timeout)", () => {
    for (const broken of [
      { internalVariables: { "bad name": "x" } },
      { timeoutSeconds: null },
      { environmentId: "" },
    ]) {
      const a = answer(ZSaveTemplate, { ...template, ...broken, requiresApproval: true, approvalFlowId: null });
      expect(a.fieldErrors.approvalFlowId, JSON.stringify(broken)).toEqual([
        "Choose the approval flow, or turn approval off.",
      ]);
    }
  });

  test("in 简体中文 too", () => {
    const input = { ...template, name: "", requiresApproval: true, approvalFlowId: null };
    const r = ZSaveTemplate.safeParse(input);
    const a = readableErrors(r.error?.issues ?? [], input, "zh-CN");
    expect(a.fieldErrors.name?.[0]).toMatch(/[\u4e00-\u9fff]/);
    expect(a.fieldErrors.approvalFlowId?.[0]).toMatch(/[\u4e00-\u9fff]/);
  });
});
