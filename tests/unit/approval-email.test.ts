import { describe, expect, test } from "vitest";
import { approvalEmail, escapeHtml } from "@/lib/mail/approval-email";
import { ZUpdateTenant } from "@/lib/validation/tenancy";

const order = {
  tenantName: "Acme & Co",
  approverName: "Alice",
  orderNumber: 7,
  title: `<img src=x onerror="alert(1)">`,
  templateName: "Deploy",
  requesterName: "Bob <bob@x>",
  environment: "PROD",
  levelName: "Leads",
  commandPreview: `deploy --token '******' "web-1"`,
  variables: [{ label: "Host", value: "web-1" }],
  expiresAt: new Date("2030-01-02T03:04:00Z"),
  timeZone: "UTC",
};
const links = { approve: "http://h/approve/t.a?x=1&y=2", reject: "http://h/approve/t.r" };

describe("approval email", () => {
  test("escapes everything it puts into HTML", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    const mail = approvalEmail("alice@x.dev", order, links);
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(mail.html).toContain("Bob &lt;bob@x&gt;");
    expect(mail.html).toContain('href="http://h/approve/t.a?x=1&amp;y=2"');
  });

  test("the plain text names the order, requester, environment, command, variables and both links", () => {
    const mail = approvalEmail("alice@x.dev", order, links);
    expect(mail.to).toBe("alice@x.dev");
    expect(mail.subject).toContain("#7");
    for (const part of [
      "Requested by: Bob <bob@x>",
      "Environment: PROD",
      `deploy --token '******' "web-1"`,
      "Host: web-1",
      `Approve: ${links.approve}`,
      `Reject:  ${links.reject}`,
      "2030-01-02 03:04 UTC",
    ]) {
      expect(mail.text).toContain(part);
    }
  });
});

describe("approval email in the recipient's language", () => {
  test("zh-CN: subject, body, buttons and footer are Chinese, the expiry in the tenant's time zone", () => {
    const mail = approvalEmail("alice@x.dev", { ...order, timeZone: "Asia/Shanghai" }, links, undefined, "zh-CN");
    expect(mail.subject).toBe(`[Acme & Co] 需要您审批：#7 ${order.title}`);
    for (const part of [
      "Alice，您好：",
      "申请人: Bob <bob@x>",
      "环境: PROD",
      "命令:",
      `批准: ${links.approve}`,
      "2030-01-02 11:04",
    ]) {
      expect(mail.text).toContain(part);
    }
    expect(mail.text).not.toContain("Approve");
    expect(mail.html).toContain(">批准</a>");
    expect(mail.html).toContain(">拒绝</a>");
    expect(mail.html).not.toContain(">Approve</a>");
  });

  test("no locale (or an unknown one) is English, word for word as before", () => {
    for (const locale of [null, undefined, "fr"]) {
      const mail = approvalEmail("alice@x.dev", order, links, undefined, locale);
      expect(mail.subject).toBe(`[Acme & Co] Approval needed: #7 ${order.title}`);
      expect(mail.text).toContain(
        "Each link asks you to confirm before anything changes. The links are for you only, work once and expire on 2030-01-02 03:04 UTC.",
      );
      expect(mail.html).toContain(">Approve</a>");
    }
  });
});

describe("tenant settings: approval link validity", () => {
  const base = { tenant: "acme", name: "Acme", timeZone: "UTC" };
  test("accepts 1–720 hours (from a form field) and keeps the stored value when absent", () => {
    expect(ZUpdateTenant.parse({ ...base, approvalLinkTtlHours: "48" }).approvalLinkTtlHours).toBe(48);
    expect(ZUpdateTenant.parse(base).approvalLinkTtlHours).toBeUndefined();
    for (const bad of ["0", "721", "1.5", "soon"]) {
      expect(ZUpdateTenant.safeParse({ ...base, approvalLinkTtlHours: bad }).success).toBe(false);
    }
  });
});
