import { describe, expect, test } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { MAX_FAILED_LOGINS, type PasswordCheck, verifyCredentials } from "@/lib/auth/verify-credentials";
import { makeOwner } from "../../support/factory";

const RIGHT = "correct horse battery";

/** The real argon2 check, counted. */
function countingCheck() {
  const counter = { checks: 0 };
  const check: PasswordCheck = async (hash, password) => {
    counter.checks++;
    return hash ? verifyPassword(hash, password) : false;
  };
  return { counter, check };
}

describe("sign-in throttling under concurrency", () => {
  test("50 simultaneous attempts on one account check at most 5 passwords; the right one is refused while locked", async () => {
    const o = await makeOwner("race");
    const { counter, check } = countingCheck();
    const meta = { ip: "198.51.100.9" };
    const attempts = Array.from({ length: 50 }, (_, i) => (i === 49 ? RIGHT : `wrong-${i}`));
    const results = await Promise.all(attempts.map((p) => verifyCredentials(o.email, p, meta, check)));

    expect(counter.checks).toBeLessThanOrEqual(MAX_FAILED_LOGINS);
    // An answer other than "locked" means a password was checked: never more than five.
    expect(results.filter((r) => r.status !== "locked").length).toBeLessThanOrEqual(MAX_FAILED_LOGINS);
    expect(results.filter((r) => r.status === "locked").length).toBeGreaterThanOrEqual(45);
    expect(results[49]?.status).toBe("locked");
    // And afterwards, still locked for the right password, without checking it.
    const before = counter.checks;
    expect((await verifyCredentials(o.email, RIGHT, meta, check)).status).toBe("locked");
    expect(counter.checks).toBe(before);
  });

  test("an unknown email is counted, checked and locked exactly like a known one", async () => {
    const o = await makeOwner("known");
    const meta = { ip: "198.51.100.10" };
    const known = countingCheck();
    const unknown = countingCheck();
    const k: string[] = [];
    const u: string[] = [];
    for (let i = 0; i < 7; i++) {
      k.push((await verifyCredentials(o.email, `bad-${i}`, meta, known.check)).status);
      u.push((await verifyCredentials(`nobody-${o.userId}@nowhere.test`, `bad-${i}`, meta, unknown.check)).status);
    }
    expect(u).toEqual(k);
    expect(k).toEqual(["invalid", "invalid", "invalid", "invalid", "locked", "locked", "locked"]);
    // The same number of argon2 verifications for both (a dummy hash for the unknown email).
    expect(unknown.counter.checks).toBe(known.counter.checks);
  });

  test("failures from one address do not lock the account for another address", async () => {
    const o = await makeOwner("victim");
    const attacker = { ip: "6.6.6.6" };
    await Promise.all(Array.from({ length: 20 }, (_, i) => verifyCredentials(o.email, `guess-${i}`, attacker)));
    expect((await verifyCredentials(o.email, RIGHT, attacker)).status).toBe("locked");
    expect(await verifyCredentials(o.email, RIGHT, { ip: "203.0.113.7" })).toMatchObject({
      status: "ok",
      user: { id: o.userId },
    });
  });
});
