import { describe, expect, test } from "vitest";
import { diff } from "@/lib/audit-diff";
import { renderMessage } from "@/lib/i18n/translate";
import { can } from "@/lib/permissions";
import { slugify } from "@/lib/tenants/slug";
import { ZAddMember, ZSignUp, ZUpdateTenant } from "@/lib/validation/tenancy";

/** Each failing field's message as an English reader sees it (zod messages are msg() codes). */
const fieldErrors = (
  r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } },
  locale = "en",
) => Object.fromEntries((r.error?.issues ?? []).map((i) => [String(i.path[0]), renderMessage(locale, i.message)]));

describe("sign-up input", () => {
  const ok = { name: "Ada", email: "Ada@Example.COM ", password: "long enough pw", tenantName: "Acme" };

  test("normalises the email", () => {
    expect(ZSignUp.parse(ok).email).toBe("ada@example.com");
  });

  test.each([
    [{ email: "ada@" }, "email", "Enter a valid email address."],
    [{ email: `${"a".repeat(250)}@x.io` }, "email", "Email must be at most 254 characters."],
    [{ password: "short" }, "password", "Password must be at least 10 characters."],
    [{ password: "p".repeat(201) }, "password", "Password must be at most 200 characters."],
    [{ name: "   " }, "name", "Name is required."],
    [{ name: "n".repeat(101) }, "name", "Name must be at most 100 characters."],
    [{ tenantName: "x" }, "tenantName", "Tenant name must be at least 2 characters."],
  ])("%j → %s: %s", (patch, field, message) => {
    expect(fieldErrors(ZSignUp.safeParse({ ...ok, ...patch }))).toEqual({ [field]: message });
  });

  test("a Chinese reader gets the same refusal in Chinese", () => {
    expect(fieldErrors(ZSignUp.safeParse({ ...ok, password: "short" }), "zh-CN")).toEqual({
      password: "密码至少 10 个字符。",
    });
  });
});

describe("member input", () => {
  test("an unknown role, or OWNER, is refused with the choices named", () => {
    for (const role of ["ROOT", "OWNER", ""]) {
      const r = ZAddMember.safeParse({ tenant: "acme", email: "a@b.co", role });
      expect(fieldErrors(r).role).toMatch(/Choose ADMIN, MEMBER or VIEWER/);
    }
    expect(ZAddMember.safeParse({ tenant: "acme", email: "a@b.co", role: "VIEWER" }).success).toBe(true);
  });

  test("time zones must be IANA names", () => {
    expect(ZUpdateTenant.safeParse({ tenant: "acme", name: "Acme", timeZone: "Europe/Berlin" }).success).toBe(true);
    expect(
      fieldErrors(ZUpdateTenant.safeParse({ tenant: "acme", name: "Acme", timeZone: "Mars/Base" })).timeZone,
    ).toMatch(/Unknown time zone/);
  });
});

describe("helpers", () => {
  test("slugify makes URL-safe slugs", () => {
    expect(slugify("Payments Team — Prod!")).toBe("payments-team-prod");
    expect(slugify("Café Ops")).toBe("cafe-ops");
    expect(slugify("运维")).toMatch(/^t-[0-9a-f]{6}$/);
  });

  test("audit diff keeps only changed keys", () => {
    expect(diff({ a: 1, b: 2 }, { a: 1, b: 3 })).toEqual({ before: { b: 2 }, after: { b: 3 } });
    expect(diff(null, { a: 1 })).toEqual({ before: null, after: { a: 1 } });
  });

  test("roles: viewers read, members submit, admins manage", () => {
    expect(can({ role: "VIEWER" }, "runs.read")).toBe(true);
    expect(can({ role: "VIEWER" }, "work.submit")).toBe(false);
    expect(can({ role: "MEMBER" }, "members.manage")).toBe(false);
    expect(can({ role: "ADMIN" }, "members.manage")).toBe(true);
    expect(can({ role: "OWNER" }, "audit.read")).toBe(true);
  });
});
