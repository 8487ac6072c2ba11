import { describe, expect, test } from "vitest";
import { gateApprovalEmail } from "@/lib/mail/gate-approval-email";

const gate = {
  tenantName: "Acme & Co",
  approverName: "Alice",
  flowName: `<img src=x onerror="alert(1)">`,
  gateName: "Ship it",
  starterName: "Bob <bob@x>",
  startedAt: new Date("2030-01-01T10:00:00Z"),
  kind: "countersign",
  runUrl: "http://h/t/acme/flows/f/runs/r",
  expiresAt: new Date("2030-01-02T03:04:00Z"),
  timeZone: "UTC",
};
const links = { approve: "http://h/approve/t.a?x=1&y=2", reject: "http://h/approve/t.r" };

describe("a flow gate's approval email", () => {
  test("names the flow, the gate, the starter, the run's page and both links; escapes its HTML", () => {
    const mail = gateApprovalEmail("alice@x.dev", gate, links);
    expect(mail.subject).toBe(`[Acme & Co] Approval needed: Ship it in flow ${gate.flowName}`);
    for (const part of [
      "Gate: Ship it",
      "Started by: Bob <bob@x>",
      "Countersign (all must approve)",
      `Open the run in Opsdesk: ${gate.runUrl}`,
      `Approve: ${links.approve}`,
      `Reject:  ${links.reject}`,
    ])
      expect(mail.text).toContain(part);
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("Bob &lt;bob@x&gt;");
    expect(mail.html).toContain('href="http://h/approve/t.a?x=1&amp;y=2"');
  });

  test("in the approver's language; a scheduled run names its schedule", () => {
    const mail = gateApprovalEmail("alice@x.dev", { ...gate, starterName: null }, links, "zh-CN");
    expect(mail.subject).toContain("需要您审批");
    expect(mail.text).toContain("发起人: 定时计划");
    expect(mail.text).toContain("会签（全部同意）");
    expect(mail.html).toContain('lang="zh-CN"');
  });
});
