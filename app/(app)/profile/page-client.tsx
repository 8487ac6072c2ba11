"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { type ReactNode, useId } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";
import { changePasswordAction, updateProfileAction } from "./actions";

function Section({ title, description, children }: { title: string; description: string; children: ReactNode }) {
  const id = useId();
  return (
    <Card className="p-6">
      <section aria-labelledby={id}>
        <h2 id={id} className="text-base font-semibold">
          {title}
        </h2>
        <p className="mt-1 mb-4 text-sm text-zinc-500">{description}</p>
        {children}
      </section>
    </Card>
  );
}

/** Name and language. Saving re-renders every page in the language chosen. */
export function ProfileForm({ name, locale }: { name: string; locale: Locale }) {
  const t = useTranslations("profile.details");
  const router = useRouter();
  const form = useActionForm(updateProfileAction, {
    successMessage: t("saved"),
    onSuccess: () => router.refresh(),
  });
  return (
    <Section title={t("title")} description={t("description")}>
      <form onSubmit={form.onSubmit} noValidate className="space-y-4">
        <FormError message={form.formError} />
        <TextField
          label={t("name")}
          name="name"
          required
          maxLength={100}
          autoComplete="name"
          defaultValue={name}
          error={form.fieldError("name")}
        />
        <SelectField
          label={t("language")}
          name="locale"
          defaultValue={locale}
          options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
          error={form.fieldError("locale")}
        />
        <Button type="submit" pending={form.pending}>
          {t("submit")}
        </Button>
      </form>
    </Section>
  );
}

/**
 * The password change: the current password first, the new one twice. A refusal keeps what was
 * typed (a wrong current password is said next to it); a success empties the form.
 */
export function PasswordForm({ email }: { email: string }) {
  const t = useTranslations("profile.password");
  const form = useActionForm(changePasswordAction, {
    successMessage: t("changed"),
    onSuccess: (_data, el) => el?.reset(),
  });
  return (
    <Section title={t("title")} description={t("description")}>
      <form onSubmit={form.onSubmit} noValidate className="space-y-4">
        {/* For password managers: which account the new password belongs to. */}
        <input type="hidden" name="username" autoComplete="username" value={email} readOnly disabled />
        <FormError message={form.formError} />
        <TextField
          label={t("current")}
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          error={form.fieldError("currentPassword")}
        />
        <TextField
          label={t("new")}
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          hint={t("new_hint")}
          error={form.fieldError("newPassword")}
        />
        <TextField
          label={t("confirm")}
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          error={form.fieldError("confirmPassword")}
        />
        <Button type="submit" pending={form.pending}>
          {t("submit")}
        </Button>
      </form>
    </Section>
  );
}
