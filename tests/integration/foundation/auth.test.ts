import { eq, sql } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { database } from "@/db/client";
import { findUserByEmail, listUserTenants } from "@/db/queries/tenancy";
import { loginAttempts } from "@/db/schema";
import { withUser } from "@/db/tenant";
import { EMAIL_TAKEN, signUp } from "@/lib/auth/sign-up";
import { LOCK_MINUTES, verifyCredentials } from "@/lib/auth/verify-credentials";
import { makeOwner } from "../../support/factory";

describe("sign-up", () => {
  test("creates the user (argon2id hash) and a first tenant they own", async () => {
    const o = await makeOwner();
    const user = await withUser({ userId: null }, (tx) => findUserByEmail(tx, o.email));
    expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
    const tenants = await withUser({ userId: o.userId }, (tx) => listUserTenants(tx, o.userId));
    expect(tenants).toEqual([expect.objectContaining({ id: o.tenant.id, role: "OWNER" })]);
  });

  test("a duplicate email (any case) is refused on the email field and writes nothing", async () => {
    const o = await makeOwner();
    const { db } = await database();
    const count = async () => await db.execute<{ n: number }>(sql`select count(*)::int as n from tenants`);
    const before = JSON.stringify(await count());
    await expect(
      signUp({
        name: "Dup",
        email: o.email.toUpperCase().toLowerCase(),
        password: "another password",
        tenantName: "Dup Co",
      }),
    ).rejects.toMatchObject({ message: EMAIL_TAKEN, field: "email" });
    expect(JSON.stringify(await count())).toBe(before);
  });
});

describe("sign-in", () => {
  test("right password passes; wrong password and unknown email get the same answer", async () => {
    const o = await makeOwner();
    expect(await verifyCredentials(o.email, "correct horse battery")).toMatchObject({
      status: "ok",
      user: { id: o.userId },
    });
    expect(await verifyCredentials(o.email, "wrong")).toEqual({ status: "invalid" });
    expect(await verifyCredentials("nobody@nowhere.test", "wrong")).toEqual({ status: "invalid" });
  });

  test("five failures in a row lock the account for 15 minutes, even for the right password", async () => {
    const o = await makeOwner();
    for (let i = 0; i < 4; i++) expect((await verifyCredentials(o.email, `bad-${i}`)).status).toBe("invalid");
    const fifth = await verifyCredentials(o.email, "bad-4");
    expect(fifth.status).toBe("locked");
    const minutes = fifth.status === "locked" ? (fifth.until.getTime() - Date.now()) / 60_000 : 0;
    expect(minutes).toBeGreaterThan(LOCK_MINUTES - 1);
    expect(minutes).toBeLessThanOrEqual(LOCK_MINUTES);
    expect((await verifyCredentials(o.email, "correct horse battery")).status).toBe("locked");
    // Fifteen minutes later the lock has passed.
    await withUser({ userId: null }, (tx) =>
      tx
        .update(loginAttempts)
        .set({ windowStartedAt: sql`now() - make_interval(mins => ${LOCK_MINUTES}) - interval '1 second'` })
        .where(eq(loginAttempts.email, o.email)),
    );
    expect((await verifyCredentials(o.email, "correct horse battery")).status).toBe("ok");
  });

  test("a success resets the failure count", async () => {
    const o = await makeOwner();
    for (let i = 0; i < 4; i++) await verifyCredentials(o.email, "bad");
    expect((await verifyCredentials(o.email, "correct horse battery")).status).toBe("ok");
    for (let i = 0; i < 4; i++) expect((await verifyCredentials(o.email, "bad")).status).toBe("invalid");
  });
});
