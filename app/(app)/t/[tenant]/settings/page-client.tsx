"use client";

import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { updateTenantAction } from "./actions";

export function SettingsForm({
  tenant,
  name,
  timeZone,
  approvalLinkTtlHours,
  readOnly,
}: {
  tenant: string;
  name: string;
  timeZone: string;
  approvalLinkTtlHours: number;
  readOnly: boolean;
}) {
  const form = useActionForm(updateTenantAction, { extra: { tenant }, successMessage: "Settings saved." });
  return (
    <Card className="max-w-xl p-6">
      <form onSubmit={form.onSubmit} noValidate className="space-y-4">
        <FormError message={form.formError} />
        <fieldset disabled={readOnly} className="space-y-4">
          <TextField label="Tenant name" name="name" defaultValue={name} required error={form.fieldError("name")} />
          <TextField
            label="Time zone"
            name="timeZone"
            defaultValue={timeZone}
            hint="IANA name, e.g. UTC, Europe/Berlin, Asia/Shanghai."
            error={form.fieldError("timeZone")}
          />
          <TextField
            label="Approval link validity (hours)"
            name="approvalLinkTtlHours"
            type="number"
            min={1}
            max={720}
            defaultValue={approvalLinkTtlHours}
            hint="How long the Approve / Reject links in approval emails work (1–720 hours)."
            error={form.fieldError("approvalLinkTtlHours")}
          />
        </fieldset>
        {readOnly ? (
          <p className="text-sm text-zinc-500">Only owners and admins can change these settings.</p>
        ) : (
          <Button type="submit" pending={form.pending}>
            Save settings
          </Button>
        )}
      </form>
    </Card>
  );
}
