"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { TimeZoneField } from "@/components/ui/time-zone-field";
import { useActionForm } from "@/components/ui/use-action-form";
import { LOCALE_NAMES, LOCALES } from "@/lib/i18n/locales";
import { updateTenantAction } from "./actions";

export function SettingsForm({
  tenant,
  name,
  timeZone,
  defaultLocale,
  approvalLinkTtlHours,
  readOnly,
}: {
  tenant: string;
  name: string;
  timeZone: string;
  defaultLocale: string;
  approvalLinkTtlHours: number;
  readOnly: boolean;
}) {
  const t = useTranslations("settings");
  const form = useActionForm(updateTenantAction, { extra: { tenant }, successMessage: t("saved") });
  return (
    <Card className="max-w-xl p-6">
      <form onSubmit={form.onSubmit} noValidate className="space-y-4">
        <FormError message={form.formError} />
        <fieldset disabled={readOnly} className="space-y-4">
          <TextField label={t("name")} name="name" defaultValue={name} required error={form.fieldError("name")} />
          <TimeZoneField name="timeZone" defaultValue={timeZone} error={form.fieldError("timeZone")} />
          <SelectField
            label={t("default_locale")}
            name="defaultLocale"
            defaultValue={defaultLocale}
            hint={t("default_locale_hint")}
            options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            error={form.fieldError("defaultLocale")}
          />
          <TextField
            label={t("link_ttl")}
            name="approvalLinkTtlHours"
            type="number"
            min={1}
            max={720}
            defaultValue={approvalLinkTtlHours}
            hint={t("link_ttl_hint")}
            error={form.fieldError("approvalLinkTtlHours")}
          />
        </fieldset>
        {readOnly ? (
          <p className="text-sm text-zinc-500">{t("read_only")}</p>
        ) : (
          <Button type="submit" pending={form.pending}>
            {t("save")}
          </Button>
        )}
      </form>
    </Card>
  );
}
