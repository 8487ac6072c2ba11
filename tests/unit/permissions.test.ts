import { describe, expect, test } from "vitest";
import { BUILTIN_PERMISSIONS, can, GRANTABLE, PERMISSION_KEYS, PERMISSIONS } from "@/lib/permissions";

describe("the permission catalog", () => {
  test("every permission is resource.action, labelled and described", () => {
    for (const key of PERMISSION_KEYS) {
      expect(key).toMatch(/^[a-z]+\.[a-z]+$/);
      expect(PERMISSIONS[key].label.length).toBeGreaterThan(3);
      expect(PERMISSIONS[key].description.length).toBeGreaterThan(3);
    }
  });

  test("the names the next features need are reserved, and not offered yet", () => {
    for (const resource of ["apps", "deploys", "reports"]) {
      const names = PERMISSION_KEYS.filter((k) => k.startsWith(`${resource}.`));
      expect(names.length, resource).toBeGreaterThan(0);
      expect(names.some((n) => GRANTABLE.includes(n))).toBe(false);
    }
  });

  test("jobs are offered: members read and run them, viewers only read, managing is for admins", () => {
    expect(GRANTABLE).toEqual(expect.arrayContaining(["jobs.read", "jobs.manage", "jobs.run"]));
    expect(can({ role: "MEMBER" }, "jobs.run")).toBe(true);
    expect(can({ role: "MEMBER" }, "jobs.manage")).toBe(false);
    expect(can({ role: "VIEWER" }, "jobs.read")).toBe(true);
    expect(can({ role: "VIEWER" }, "jobs.run")).toBe(false);
    expect(can({ role: "ADMIN" }, "jobs.manage")).toBe(true);
  });

  test("the built-in roles, strongest first, each hold what the next one holds", () => {
    const order = ["OWNER", "ADMIN", "MEMBER", "VIEWER"] as const;
    for (let i = 1; i < order.length; i++) {
      const weaker = BUILTIN_PERMISSIONS[order[i] as (typeof order)[number]];
      const stronger = BUILTIN_PERMISSIONS[order[i - 1] as (typeof order)[number]];
      expect(
        weaker.every((p) => stronger.includes(p)),
        order[i],
      ).toBe(true);
    }
  });

  test("a custom role holds exactly its permissions; an unknown role holds none", () => {
    expect(can({ role: "release-manager", permissions: ["work.execute"] }, "work.execute")).toBe(true);
    expect(can({ role: "release-manager", permissions: ["work.execute"] }, "templates.manage")).toBe(false);
    expect(can({ role: "ghost" }, "work.submit")).toBe(false);
  });
});
