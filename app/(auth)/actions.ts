"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { signIn, signOut } from "@/lib/auth";
import { returnTo, safeReturnTo } from "@/lib/auth/return-to";
import { signUp } from "@/lib/auth/sign-up";
import { LOCK_MINUTES } from "@/lib/auth/verify-credentials";
import { SafeError } from "@/lib/errors";
import { LOCALES } from "@/lib/i18n/locales";
import { msg } from "@/lib/i18n/message";
import { LOCALE_COOKIE, requestLocale } from "@/lib/i18n/request-locale";
import { actionClient, authAction } from "@/lib/safe-action";
import { requestMeta } from "@/lib/session";
import { acceptInvitationAfterSignIn, signUpWithInvitation } from "@/lib/tenants/accept-invitation";
import { createTenant } from "@/lib/tenants/create-tenant";
import { ZSignInInvited, ZSignUpInvited } from "@/lib/validation/invitations";
import { ZCreateTenant, ZSignIn, ZSignUp } from "@/lib/validation/tenancy";

/** The page to return to after sign-in (`?next=`): anything but a same-origin path is dropped. */
const zNext = z
  .string()
  .max(4000)
  .optional()
  .transform((v) => safeReturnTo(v) ?? undefined);

async function signInWith(email: string, password: string, redirectTo: string | false) {
  try {
    if (redirectTo === false) await signIn("credentials", { email, password, redirect: false });
    else await signIn("credentials", { email, password, redirectTo });
  } catch (error) {
    if (error instanceof CredentialsSignin && error.code === "locked")
      throw new SafeError("auth.locked", { params: { minutes: LOCK_MINUTES } });
    if (error instanceof AuthError) throw new SafeError("auth.invalid_login");
    throw error; // the redirect on success
  }
}

/** Signs in and opens the page asked for before sign-in (`next`, same-origin paths only), else the default page. */
export const signInAction = actionClient
  .inputSchema(ZSignIn.extend({ next: zNext }))
  .action(async ({ parsedInput }) => {
    await signInWith(parsedInput.email, parsedInput.password, returnTo(parsedInput.next));
  });

export const signUpAction = actionClient
  .inputSchema(ZSignUp.extend({ next: zNext }))
  .action(async ({ parsedInput }) => {
    const { next, ...account } = parsedInput;
    const { tenant } = await signUp(account, await requestMeta(), await requestLocale());
    await signInWith(parsedInput.email, parsedInput.password, returnTo(next, `/t/${tenant.slug}`));
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

const YEAR_SECONDS = 60 * 60 * 24 * 365;

/** The signed-out reader's language switch: kept in a cookie for a year (lib/i18n/request-locale.ts reads it). */
export const setLocaleAction = actionClient
  .inputSchema(z.object({ locale: z.enum(LOCALES, { error: msg("auth.unknown_language") }) }))
  .action(async ({ parsedInput }) => {
    (await cookies()).set(LOCALE_COOKIE, parsedInput.locale, {
      maxAge: YEAR_SECONDS,
      sameSite: "lax",
      path: "/",
      httpOnly: true,
    });
    return { locale: parsedInput.locale };
  });

export const signOutAction = actionClient.action(async () => {
  await signOut({ redirectTo: "/login" });
});

export const createTenantAction = authAction.inputSchema(ZCreateTenant).action(async ({ parsedInput, ctx }) => {
  const tenant = await createTenant({ userId: ctx.user.id, ...ctx.meta }, parsedInput);
  redirect(`/t/${tenant.slug}`);
});
