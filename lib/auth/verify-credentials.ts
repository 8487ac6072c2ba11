import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { findUserByEmail } from "@/db/queries/tenancy";
import { loginAttempts, users } from "@/db/schema";
import { withUser } from "@/db/tenant";
import { verifyNothing, verifyPassword } from "./password";

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
const PRUNE_CHANCE = 0.01;

export type CredentialsResult =
  | { status: "ok"; user: { id: string; email: string; name: string } }
  | { status: "invalid" }
  | { status: "locked"; until: Date };

/** The one password check (argon2id); a user without a password is checked against a dummy hash. */
export type PasswordCheck = (hash: string | null, password: string) => Promise<boolean>;

const argon2Check: PasswordCheck = async (hash, password) => {
  if (!hash) {
    await verifyNothing(password);
    return false;
  }
  return verifyPassword(hash, password);
};

/**
 * Checks an email + password, at most MAX_FAILED_LOGINS times per (email, source address) per
 * LOCK_MINUTES window, however many requests race: each attempt first claims a numbered slot in
 * `login_attempts` (one atomic upsert), and only slots 1..5 reach the password check. Later ones
 * are refused as locked, the right password too, until the window has passed. A success forgives
 * the slots before its own (not those racing after it). The email as typed is the key, so unknown
 * emails are counted, checked (against a dummy hash) and locked exactly like known ones. Counting
 * per source address means a stranger's failures do not lock the owner out from their address
 * (CODE_STYLE.md, "Sign-in throttling").
 */
export async function verifyCredentials(
  email: string,
  password: string,
  meta: { ip?: string | null; traceId?: string | null } = {},
  check: PasswordCheck = argon2Check,
): Promise<CredentialsResult> {
  const key = { email: email.toLowerCase(), source: meta.ip ?? "" };
  const { slot, windowStartedAt, window, user } = await withUser({ userId: null, ...meta }, async (tx) => {
    const [claimed] = await tx
      .insert(loginAttempts)
      .values({ ...key, attempts: 1 })
      .onConflictDoUpdate({
        target: [loginAttempts.email, loginAttempts.source],
        set: {
          attempts: sql`case when ${loginAttempts.windowStartedAt} <= now() - make_interval(mins => ${LOCK_MINUTES}) then 1 else ${loginAttempts.attempts} + 1 end`,
          windowStartedAt: sql`case when ${loginAttempts.windowStartedAt} <= now() - make_interval(mins => ${LOCK_MINUTES}) then now() else ${loginAttempts.windowStartedAt} end`,
        },
      })
      .returning({
        attempts: loginAttempts.attempts,
        windowStartedAt: loginAttempts.windowStartedAt,
        // Exact (microseconds): a Date would lose precision, and the success matches the window by it.
        window: sql<string>`${loginAttempts.windowStartedAt}::text`,
      });
    if (!claimed) throw new Error("login attempt claim returned nothing");
    // Now and then, drop windows that have passed (an expired row counts as no row anyway), so
    // guesses at many emails do not pile up rows for good.
    if (Math.random() < PRUNE_CHANCE) {
      await tx
        .delete(loginAttempts)
        .where(sql`${loginAttempts.windowStartedAt} <= now() - make_interval(mins => ${LOCK_MINUTES})`);
    }
    const user = claimed.attempts <= MAX_FAILED_LOGINS ? await findUserByEmail(tx, key.email) : null;
    return { slot: claimed.attempts, windowStartedAt: claimed.windowStartedAt, window: claimed.window, user };
  });
  const until = new Date(windowStartedAt.getTime() + LOCK_MINUTES * 60_000);
  if (slot > MAX_FAILED_LOGINS) return { status: "locked", until };

  if (!(await check(user?.passwordHash ?? null, password)) || !user) {
    return slot >= MAX_FAILED_LOGINS ? { status: "locked", until } : { status: "invalid" };
  }
  await withUser({ userId: user.id, ...meta }, async (tx) => {
    await tx.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
    await tx
      .update(loginAttempts)
      .set({ attempts: sql`greatest(${loginAttempts.attempts} - ${slot}, 0)` })
      .where(
        and(
          eq(loginAttempts.email, key.email),
          eq(loginAttempts.source, key.source),
          sql`${loginAttempts.windowStartedAt} = ${window}::timestamptz`,
        ),
      );
  });
  return { status: "ok", user: { id: user.id, email: user.email, name: user.name } };
}
