"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { loginHref } from "@/lib/auth/return-to";
import { signUpAction, signUpInvitedAction } from "../actions";

/**
 * With `invitation` (from an invitation link): the invited email is filled in, and the new account
 * joins the inviting tenant instead of creating one. Otherwise the new account opens `next` (the
 * page asked for before sign-in, already checked) or its first tenant.
 */
export function SignUpForm({
  invitation,
  next,
}: {
  invitation?: { token: string; email: string; tenantName: string };
  next?: string;
}) {
  const t = useTranslations("auth.signup");
  const form = useActionForm(invitation ? signUpInvitedAction : signUpAction, {
    extra: invitation ? { invite: invitation.token } : next ? { next } : undefined,
  });
  return (
    <Card className="p-6">
      <h1 className="mb-4 text-lg font-semibold">{t("heading")}</h1>
      {invitation ? (
        <p className="mb-4 text-sm text-zinc-600" data-testid="invitation-note">
          {t("joining", { tenant: invitation.tenantName })}
        </p>
      ) : null}
      <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
        <FormError message={form.formError} />
        <TextField
          label={t("name")}
          name="name"
          autoComplete="name"
          required
          autoFocus
          error={form.fieldError("name")}
        />
        <TextField
          label={t("email")}
          name="email"
          type="email"
          autoComplete="email"
          required
          defaultValue={invitation?.email}
          readOnly={Boolean(invitation)}
          error={form.fieldError("email")}
        />
        <TextField
          label={t("password")}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint={t("password_hint")}
          error={form.fieldError("password")}
        />
        {invitation ? null : (
          <TextField
            label={t("tenant")}
            name="tenantName"
            required
            placeholder={t("tenant_placeholder")}
            error={form.fieldError("tenantName")}
          />
        )}
        <Button type="submit" pending={form.pending} className="w-full">
          {t("submit")}
        </Button>
      </form>
      <p className="mt-4 text-center text-sm text-zinc-500">
        {t("have_account")}{" "}
        <Link
          href={invitation ? `/login?invite=${encodeURIComponent(invitation.token)}` : loginHref("/login", next)}
          className="font-medium text-indigo-600 hover:underline"
        >
          {t("sign_in")}
        </Link>
      </p>
    </Card>
  );
}
