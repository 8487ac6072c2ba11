"use server";

import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, signOut } from "@/lib/auth";
import { signUp } from "@/lib/auth/sign-up";
import { LOCK_MINUTES } from "@/lib/auth/verify-credentials";
import { SafeError } from "@/lib/errors";
import { actionClient, authAction } from "@/lib/safe-action";
import { requestMeta } from "@/lib/session";
import { acceptInvitationAfterSignIn, signUpWithInvitation } from "@/lib/tenants/accept-invitation";
import { createTenant } from "@/lib/tenants/create-tenant";
import { ZSignInInvited, ZSignUpInvited } from "@/lib/validation/invitations";
import { ZCreateTenant, ZSignIn, ZSignUp } from "@/lib/validation/tenancy";

const INVALID = "Wrong email or password.";
const LOCKED = `Too many attempts: signing in to this account from here is locked for ${LOCK_MINUTES} minutes at most. Try again later.`;

async function signInWith(email: string, password: string, redirectTo: string | false) {
  try {
    if (redirectTo === false) await signIn("credentials", { email, password, redirect: false });
    else await signIn("credentials", { email, password, redirectTo });
  } catch (error) {
    if (error instanceof CredentialsSignin) throw new SafeError(error.code === "locked" ? LOCKED : INVALID);
    if (error instanceof AuthError) throw new SafeError(INVALID);
    throw error; // the redirect on success
  }
}

export const signInAction = actionClient.inputSchema(ZSignIn).action(async ({ parsedInput }) => {
  await signInWith(parsedInput.email, parsedInput.password, "/");
});

export const signUpAction = actionClient.inputSchema(ZSignUp).action(async ({ parsedInput }) => {
  const { tenant } = await signUp(parsedInput, await requestMeta());
  await signInWith(parsedInput.email, parsedInput.password, `/t/${tenant.slug}`);
});

/** Sign-in from an invitation link: signs in, accepts the invitation, lands in its tenant. */
export const signInInvitedAction = actionClient.inputSchema(ZSignInInvited).action(async ({ parsedInput }) => {
  await signInWith(parsedInput.email, parsedInput.password, false);
  const { tenantSlug } = await acceptInvitationAfterSignIn(parsedInput.invite, parsedInput.email, await requestMeta());
  redirect(`/t/${tenantSlug}`);
});

/** Sign-up from an invitation link: the account joins the inviting tenant (no tenant of its own). */
export const signUpInvitedAction = actionClient.inputSchema(ZSignUpInvited).action(async ({ parsedInput }) => {
  const { invite, ...account } = parsedInput;
  const { tenantSlug } = await signUpWithInvitation(account, invite, await requestMeta());
  await signInWith(parsedInput.email, parsedInput.password, `/t/${tenantSlug}`);
});

export const signOutAction = actionClient.action(async () => {
  await signOut({ redirectTo: "/login" });
});

export const createTenantAction = authAction.inputSchema(ZCreateTenant).action(async ({ parsedInput, ctx }) => {
  const tenant = await createTenant({ userId: ctx.user.id, ...ctx.meta }, parsedInput);
  redirect(`/t/${tenant.slug}`);
});
