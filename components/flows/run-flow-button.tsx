"use client";

import { Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ActionDialog } from "@/components/ui/action-dialog";
import { Button } from "@/components/ui/button";
import { ErrorSummary, FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import type { FlowParameter } from "@/lib/flows/catalog";

// biome-ignore lint/suspicious/noExplicitAny: a safe action; the result shape is what is read
type AnyAction = (input: any) => Promise<any>;

/**
 * "Run now" of a flow's published version: a dialog with the version's parameters, prefilled with
 * their defaults; the run's page opens once it is requested. Disabled until a version is published.
 */
export function RunFlowButton({
  tenant,
  flowId,
  published,
  parameters,
  runNow,
}: {
  tenant: string;
  flowId: string;
  published: number | null;
  parameters: FlowParameter[];
  runNow: AnyAction;
}) {
  const t = useTranslations("flows.run_now");
  const router = useRouter();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(parameters.map((p) => [p.name, p.default])),
  );
  const form = useActionForm(runNow, {
    extra: { tenant, flowId, params: values },
    successMessage: t("started"),
    onSuccess: (d: { runId: string }) => router.push(`/t/${tenant}/flows/${flowId}/runs/${d.runId}`),
  });
  const disabled = published === null;
  return (
    <ActionDialog
      title={t("title", { version: published ?? 0 })}
      description={parameters.length ? t("description") : t("description_none")}
      trigger={
        <Button disabled={disabled} title={disabled ? t("unpublished") : undefined} data-testid="run-flow-now">
          <Play className="size-4" aria-hidden />
          {t("button")}
        </Button>
      }
    >
      {(close) => (
        <form noValidate onSubmit={form.onSubmit} className="space-y-4" data-testid="run-flow-form">
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
            <Button type="submit" pending={form.pending} data-testid="run-flow-confirm">
              {t("confirm")}
            </Button>
          </div>
        </form>
      )}
    </ActionDialog>
  );
}
