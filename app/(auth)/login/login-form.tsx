"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { loginHref } from "@/lib/auth/return-to";
import { signInAction, signInInvitedAction } from "../actions";

/**
 * With `invite` (from an invitation link): signs in, accepts the invitation and opens its tenant.
 * Otherwise it opens `next` (the page asked for before sign-in, already checked) or the default page.
 */
export function LoginForm({ invite, email, next }: { invite?: string; email?: string; next?: string }) {
  const t = useTranslations("auth.login");
  const form = useActionForm(invite ? signInInvitedAction : signInAction, {
    extra: invite ? { invite } : next ? { next } : undefined,
  });
  return (
    <Card className="p-6">
      <h1 className="mb-4 text-lg font-semibold">{t("title")}</h1>
      <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
        <FormError message={form.formError} />
        <TextField
          label={t("email")}
          name="email"
          type="email"
          autoComplete="email"
          required
          autoFocus={!email}
          defaultValue={email}
          error={form.fieldError("email")}
        />
        <TextField
          label={t("password")}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={form.fieldError("password")}
        />
        <Button type="submit" pending={form.pending} className="w-full">
          {t("submit")}
        </Button>
      </form>
      <p className="mt-4 text-center text-sm text-zinc-500">
        {t("new_here")}{" "}
        <Link
          href={invite ? `/signup?invite=${encodeURIComponent(invite)}` : loginHref("/signup", next)}
          className="font-medium text-indigo-600 hover:underline"
        >
          {t("create_account")}
        </Link>
      </p>
    </Card>
  );
}
