import { describe, expect, it } from "vitest";
import { loginHref, returnTo, safeReturnTo } from "@/lib/auth/return-to";

describe("safeReturnTo: only same-origin relative paths", () => {
  it.each([
    "/t/acme/work-orders/0b6f6a3e-6e4f-4f55-9a43-2f3c0c7d9a11",
    "/t/acme/work-orders?status=pending&before=12",
    "/t/acme/runs/abc?execution=1#log",
    "/",
    "/t/acme/search?q=a%20b",
  ])("accepts %s", (path) => {
    expect(safeReturnTo(path)).toBe(path);
  });

  it.each([
    "//evil.com",
    "//evil.com/t/acme",
    "/\\evil.com",
    "/\\/evil.com",
    "\\\\evil.com",
    "https://evil.com",
    "http:/evil.com",
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "evil.com",
    "t/acme",
    "",
    " /t/acme",
    "/%2F%2Fevil.com",
    "/%2f%2fevil.com",
    "/%5Cevil.com",
    "/%5C%5Cevil.com",
    "/%E0%A4%A",
    "/\t/evil.com",
    "/\n/evil.com",
    "/t/acme\r\nSet-Cookie: x=1",
    "/t/acme%0d%0aSet-Cookie:x=1",
    "/t/acme\u0000",
    `/${"a".repeat(2001)}`,
  ])("refuses %j", (value) => {
    expect(safeReturnTo(value)).toBeNull();
  });

  it("refuses what is not a string", () => {
    for (const v of [undefined, null, 1, ["/t/acme"], { toString: () => "/t/acme" }])
      expect(safeReturnTo(v)).toBeNull();
  });
});

describe("returnTo", () => {
  it("falls back to the default page", () => {
    expect(returnTo("//evil.example")).toBe("/");
    expect(returnTo(undefined)).toBe("/");
    expect(returnTo("https://evil.example", "/t/acme")).toBe("/t/acme");
    expect(returnTo("/t/acme/work-orders?x=1")).toBe("/t/acme/work-orders?x=1");
  });
});

describe("loginHref", () => {
  it("carries a safe path in ?next=, and nothing for the default or an unsafe one", () => {
    expect(loginHref("/login", "/t/acme/work-orders/1?tab=log")).toBe(
      "/login?next=%2Ft%2Facme%2Fwork-orders%2F1%3Ftab%3Dlog",
    );
    expect(loginHref("/login", "/")).toBe("/login");
    expect(loginHref("/login", "//evil.example")).toBe("/login");
    expect(loginHref("/signup", "/t/a", { invite: "tok" })).toBe("/signup?invite=tok&next=%2Ft%2Fa");
  });
});
