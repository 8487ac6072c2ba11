"use server";

import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, signOut } from "@/lib/auth";
import { signUp } from "@/lib/auth/sign-up";
import { LOCK_MINUTES } from "@/lib/auth/verify-credentials";
import { SafeError } from "@/lib/errors";
import { actionClient, authAction } from "@/lib/safe-action";
import { requestMeta } from "@/lib/session";
import { createTenant } from "@/lib/tenants/create-tenant";
import { ZCreateTenant, ZSignIn, ZSignUp } from "@/lib/validation/tenancy";

const INVALID = "Wrong email or password.";
const LOCKED = `Too many failed attempts: this account is locked for ${LOCK_MINUTES} minutes. Try again later.`;

async function signInWith(email: string, password: string, redirectTo: string) {
  try {
    await signIn("credentials", { email, password, redirectTo });
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

export const signOutAction = actionClient.action(async () => {
  await signOut({ redirectTo: "/login" });
});

export const createTenantAction = authAction.inputSchema(ZCreateTenant).action(async ({ parsedInput, ctx }) => {
  const tenant = await createTenant({ userId: ctx.user.id, ...ctx.meta }, parsedInput);
  redirect(`/t/${tenant.slug}`);
});
