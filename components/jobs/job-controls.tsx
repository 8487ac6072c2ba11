"use client";

import { Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ActionDialog } from "@/components/ui/action-dialog";
import { toastFailure } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { ErrorSummary, FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import type { JobParameter } from "@/lib/jobs/catalog";

// biome-ignore lint/suspicious/noExplicitAny: safe actions; the helpers read their result shape
type Action = (input: any) => Promise<any>;

/** The job's enabled switch: a disabled job's schedules do not fire and it cannot be run. */
export function EnabledToggle({
  tenant,
  jobId,
  enabled,
  action,
}: {
  tenant: string;
  jobId: string;
  enabled: boolean;
  action: Action;
}) {
  const t = useTranslations("jobs.detail");
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <label className="inline-flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        role="switch"
        aria-checked={enabled}
        checked={enabled}
        disabled={pending}
        data-testid="job-enabled"
        className="accent-indigo-600"
        onChange={async (e) => {
          setPending(true);
          const next = e.target.checked;
          const result = await action({ tenant, id: jobId, enabled: next });
          setPending(false);
          if (!toastFailure(result)) router.refresh();
        }}
      />
      <span className="font-medium text-zinc-800">{enabled ? t("enabled") : t("disabled")}</span>
    </label>
  );
}

/**
 * "Run now": a dialog with the job's parameters, prefilled with their defaults; the run's page
 * opens once it is requested.
 */
export function RunNowDialog({
  tenant,
  jobId,
  parameters,
  disabled,
  action,
}: {
  tenant: string;
  jobId: string;
  parameters: JobParameter[];
  disabled: boolean;
  action: Action;
}) {
  const t = useTranslations("jobs.run_now");
  const router = useRouter();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(parameters.map((p) => [p.name, p.default])),
  );
  const form = useActionForm(action, {
    extra: { tenant, jobId, params: values },
    successMessage: t("started"),
    onSuccess: (d: { runId: string }) => router.push(`/t/${tenant}/jobs/${jobId}/runs/${d.runId}`),
  });
  return (
    <ActionDialog
      title={t("title")}
      description={parameters.length ? t("description") : t("description_none")}
      trigger={
        <Button disabled={disabled} title={disabled ? t("disabled") : undefined} data-testid="run-now">
          <Play className="size-4" aria-hidden />
          {t("button")}
        </Button>
      }
    >
      {(close) => (
        <form noValidate onSubmit={form.onSubmit} className="space-y-4" data-testid="run-now-form">
          {parameters.map((p) => (
            <TextField
              key={p.name}
              label={p.name}
              value={values[p.name] ?? ""}
              maxLength={2000}
              className="font-mono"
              hint={p.default ? t("default", { value: p.default }) : undefined}
              onChange={(e) => setValues((v) => ({ ...v, [p.name]: e.target.value }))}
              error={form.fieldError(`params.${p.name}`)}
            />
          ))}
          {form.errors.length ? <ErrorSummary errors={form.errors} /> : <FormError message={form.formError} />}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              {t("cancel")}
            </Button>
            <Button type="submit" pending={form.pending} data-testid="run-now-confirm">
              {t("confirm")}
            </Button>
          </div>
        </form>
      )}
    </ActionDialog>
  );
}
