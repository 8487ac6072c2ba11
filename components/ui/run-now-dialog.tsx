"use client";

import { Play } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ActionDialog } from "@/components/ui/action-dialog";
import { Button } from "@/components/ui/button";
import { ErrorSummary, FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";

// biome-ignore lint/suspicious/noExplicitAny: a safe action; the result shape is what is read
type AnyAction = (input: any) => Promise<any>;

/**
 * "Run now" of something with parameters (a job, a flow's published version): a dialog with its
 * parameters prefilled with their defaults; the run's page opens once it is requested. Texts come
 * from `<namespace>.{button,title,description,description_none,default,cancel,confirm,started}`, and
 * `<namespace>.<disabledReason>` is the trigger's title while it is disabled. The run's page is
 * `<runsHref>/<runId>`. Test ids: `testId`, `<testId>-form`, `<testId>-confirm`.
 */
export function RunNowDialog({
  namespace,
  titleValues,
  parameters,
  disabled,
  disabledReason,
  action,
  input,
  runsHref,
  testId,
}: {
  namespace: "jobs.run_now" | "flows.run_now";
  titleValues?: Record<string, string | number>;
  parameters: { name: string; default: string }[];
  disabled: boolean;
  disabledReason: "disabled" | "unpublished";
  action: AnyAction;
  /** The action's input besides `params`. */
  input: Record<string, unknown>;
  runsHref: string;
  testId: string;
}) {
  const t = useTranslations(namespace);
  const router = useRouter();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(parameters.map((p) => [p.name, p.default])),
  );
  const form = useActionForm(action, {
    extra: { ...input, params: values },
    successMessage: t("started"),
    onSuccess: (d: { runId: string }) => router.push(`${runsHref}/${d.runId}`),
  });
  return (
    <ActionDialog
      title={t("title", titleValues)}
      description={parameters.length ? t("description") : t("description_none")}
      trigger={
        <Button disabled={disabled} title={disabled ? t(disabledReason) : undefined} data-testid={testId}>
          <Play className="size-4" aria-hidden />
          {t("button")}
        </Button>
      }
    >
      {(close) => (
        <form noValidate onSubmit={form.onSubmit} className="space-y-4" data-testid={`${testId}-form`}>
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
            <Button type="submit" pending={form.pending} data-testid={`${testId}-confirm`}>
              {t("confirm")}
            </Button>
          </div>
        </form>
      )}
    </ActionDialog>
  );
}
