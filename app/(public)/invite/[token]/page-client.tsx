"use client";

import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { acceptInvitationAction } from "./actions";

/** A signed-in invitee joins with one POST; the action lands them in the tenant. */
export function AcceptForm({ token, tenantName }: { token: string; tenantName: string }) {
  const t = useTranslations("auth.invite");
  const form = useActionForm(acceptInvitationAction, { extra: { invite: token } });
  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-3">
      <FormError message={form.formError} />
      <Button type="submit" pending={form.pending} className="w-full">
        {t("join", { tenant: tenantName })}
      </Button>
    </form>
  );
}
