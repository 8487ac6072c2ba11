import "server-only";
import { randomUUID } from "node:crypto";
import { users } from "@/db/schema";
import { setActor, withTenant } from "@/db/tenant";
import { pgConstraint, SafeError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/locales";
import { renderMessage } from "@/lib/i18n/translate";
import { type CreatedTenant, insertTenantWithOwner } from "@/lib/tenants/create-tenant";
import type { TSignUp } from "@/lib/validation/tenancy";
import { hashPassword } from "./password";

/** The code of "An account with this email already exists. Sign in instead." */
export const EMAIL_TAKEN_CODE = "auth.email_taken";
/** Its English text (logs, tests, callers that still throw text). */
export const EMAIL_TAKEN = renderMessage("en", EMAIL_TAKEN_CODE);

/**
 * Creates the user and their first tenant (as OWNER) in one transaction: either both exist
 * afterwards or neither does. `locale`, the language the account was created in, becomes the
 * profile's: emails and notifications then reach the new user in it.
 */
export async function signUp(
  input: TSignUp,
  meta: { ip?: string | null; traceId?: string | null } = {},
  locale: Locale | null = null,
): Promise<{ userId: string; tenant: CreatedTenant }> {
  const passwordHash = await hashPassword(input.password);
  const tenantId = randomUUID();
  try {
    return await withTenant({ tenantId, userId: null, ...meta }, async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name, passwordHash, locale })
        .returning({ id: users.id });
      if (!user) throw new Error("user insert returned nothing");
      await setActor(tx, user.id);
      const tenant = await insertTenantWithOwner(tx, { id: tenantId, name: input.tenantName, ownerId: user.id });
      return { userId: user.id, tenant };
    });
  } catch (error) {
    if (pgConstraint(error) === "users_email_key") throw new SafeError(EMAIL_TAKEN_CODE, { field: "email" });
    throw error;
  }
}
