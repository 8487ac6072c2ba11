"use client";

import { useTranslations } from "next-intl";
import { createTenantAction } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";

export function CreateTenantForm() {
  const t = useTranslations("tenants.new");
  const form = useActionForm(createTenantAction);
  return (
    <Card className="p-6">
      <h1 className="mb-1 text-lg font-semibold">{t("heading")}</h1>
      <p className="mb-4 text-sm text-zinc-500">{t("description")}</p>
      <form onSubmit={form.onSubmit} noValidate className="space-y-4">
        <FormError message={form.formError} />
        <TextField
          label={t("name")}
          name="name"
          required
          autoFocus
          placeholder={t("name_placeholder")}
          error={form.fieldError("name")}
        />
        <Button type="submit" pending={form.pending} className="w-full">
          {t("submit")}
        </Button>
      </form>
    </Card>
  );
}
