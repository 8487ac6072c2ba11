import "server-only";
import { eq, sql } from "drizzle-orm";
import { findUserByEmail } from "@/db/queries/tenancy";
import { users } from "@/db/schema";
import { withUser } from "@/db/tenant";
import { verifyNothing, verifyPassword } from "./password";

export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

export type CredentialsResult =
  | { status: "ok"; user: { id: string; email: string; name: string } }
  | { status: "invalid" }
  | { status: "locked"; until: Date };

/**
 * Checks an email + password. Five wrong passwords in a row lock the account for 15 minutes;
 * while locked even the right password is refused. Unknown email and wrong password look alike.
 */
export async function verifyCredentials(
  email: string,
  password: string,
  meta: { ip?: string | null } = {},
): Promise<CredentialsResult> {
  const user = await withUser({ userId: null, ...meta }, (tx) => findUserByEmail(tx, email));
  if (!user?.passwordHash) {
    await verifyNothing(password);
    return { status: "invalid" };
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) return { status: "locked", until: user.lockedUntil };

  if (await verifyPassword(user.passwordHash, password)) {
    await withUser({ userId: user.id, ...meta }, (tx) =>
      tx
        .update(users)
        .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date() })
        .where(eq(users.id, user.id)),
    );
    return { status: "ok", user: { id: user.id, email: user.email, name: user.name } };
  }

  // Count the failure atomically; the fifth in a row locks and restarts the count.
  const [after] = await withUser({ userId: null, ...meta }, (tx) =>
    tx
      .update(users)
      .set({
        failedLoginCount: sql`case when ${users.failedLoginCount} + 1 >= ${MAX_FAILED_LOGINS} then 0 else ${users.failedLoginCount} + 1 end`,
        lockedUntil: sql`case when ${users.failedLoginCount} + 1 >= ${MAX_FAILED_LOGINS} then now() + make_interval(mins => ${LOCK_MINUTES}) else ${users.lockedUntil} end`,
      })
      .where(eq(users.id, user.id))
      .returning({ lockedUntil: users.lockedUntil }),
  );
  if (after?.lockedUntil && after.lockedUntil > new Date()) return { status: "locked", until: after.lockedUntil };
  return { status: "invalid" };
}
