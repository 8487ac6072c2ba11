"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorSummary, FormError, SelectField, TextField } from "@/components/ui/field";
import { Check, Section } from "@/components/ui/form-parts";
import { TextAreaField } from "@/components/ui/text-area";
import { useActionForm } from "@/components/ui/use-action-form";
import { JOB_TYPES, RETRY_INTERVALS } from "@/lib/jobs/catalog";
import { HttpFields, ShellFields, SqlFields } from "./config-fields";
import { draftOf, type JobDraft, type JobInitial, jobInput } from "./job-draft";
import { PairsEditor } from "./pairs-editor";
import { SecondsField } from "./seconds-field";

// biome-ignore lint/suspicious/noExplicitAny: a safe action; useActionForm reads its result shape
type SaveAction = (input: any) => Promise<any>;

/** Top-level fields as the error summary names them (`jobs.form.labels.*`). */
const SUMMARY_FIELDS = ["name", "description", "config", "retries", "timeoutMs", "secrets", "parameters", "alerts"];

/**
 * Create a job, or save a new version of one (runs name the version they ran). The type's own
 * fields follow the type; a job's type is fixed once saved. Secrets are write-only: a stored one
 * shows "set", and an empty value keeps it. What was typed stays when the save is refused.
 */
export function JobForm({
  tenant,
  job,
  datasources,
  channels,
  save,
}: {
  tenant: string;
  job: JobInitial | null;
  datasources: { id: string; name: string; readOnly: boolean }[];
  channels: { id: string; name: string; kind: string; enabled: boolean }[];
  save: SaveAction;
}) {
  const router = useRouter();
  const t = useTranslations("jobs.form");
  const tt = useTranslations("jobs.types");
  const [draft, setDraft] = useState<JobDraft>(() => draftOf(job));
  const set = (patch: Partial<JobDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const sub =
    <K extends "http" | "shell" | "sql" | "retries" | "alerts">(k: K) =>
    (patch: Partial<JobDraft[K]>) =>
      setDraft((d) => ({ ...d, [k]: { ...d[k], ...patch } }));
  const base = `/t/${tenant}/jobs`;
  const form = useActionForm(save, {
    extra: { tenant, id: job?.id, ...jobInput(draft) },
    labels: Object.fromEntries(SUMMARY_FIELDS.map((k) => [k, t(`labels.${k}`)])),
    successMessage: (d: { version: number }) => t("saved", { version: d.version }),
    onSuccess: (d: { id: string }) => router.push(`${base}/${d.id}`),
  });
  const errors = {
    fieldError: form.fieldError,
    under: (prefix: string) => form.errorUnder(prefix)?.message,
  };
  const toggle = (list: string[], id: string, on: boolean) =>
    on ? [...new Set([...list, id])] : list.filter((x) => x !== id);

  return (
    <form noValidate onSubmit={form.onSubmit} className="space-y-6" data-testid="job-form">
      <Section title={t("what")}>
        <div className="grid gap-4 md:grid-cols-2">
          <TextField
            label={t("labels.name")}
            value={draft.name}
            maxLength={120}
            onChange={(e) => set({ name: e.target.value })}
            placeholder={t("name_placeholder")}
            error={form.fieldError("name")}
            data-testid="job-name"
          />
          <SelectField
            label={t("type")}
            value={draft.type}
            disabled={Boolean(job)}
            onChange={(e) => set({ type: e.target.value as JobDraft["type"] })}
            options={JOB_TYPES.map((x) => ({ value: x, label: tt(x) }))}
            hint={job ? t("type_fixed") : t(`type_hint.${draft.type}`)}
            error={form.fieldError("config.type")}
            data-testid="job-type"
          />
        </div>
        <TextAreaField
          label={t("description")}
          rows={2}
          value={draft.description}
          maxLength={2000}
          onChange={(e) => set({ description: e.target.value })}
          error={form.fieldError("description")}
        />
      </Section>

      <Section title={t(`config_title.${draft.type}`)}>
        {draft.type === "http" ? (
          <HttpFields value={draft.http} onChange={sub("http")} errors={errors} />
        ) : draft.type === "shell" ? (
          <ShellFields value={draft.shell} onChange={sub("shell")} errors={errors} />
        ) : (
          <SqlFields
            value={draft.sql}
            onChange={sub("sql")}
            errors={errors}
            datasources={datasources}
            datasourcesHref={`${base}/datasources`}
          />
        )}
      </Section>

      <Section title={t("retries_title")} hint={t("retries_hint")}>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <TextField
            label={t("retries_count")}
            type="number"
            min={0}
            max={10}
            value={draft.retries.count}
            onChange={(e) => sub("retries")({ count: e.target.value })}
            error={form.fieldError("retries.count")}
            data-testid="job-retries"
          />
          <SelectField
            label={t("retries_interval")}
            value={draft.retries.interval}
            onChange={(e) => sub("retries")({ interval: e.target.value as JobDraft["retries"]["interval"] })}
            options={RETRY_INTERVALS.map((x) => ({ value: x, label: t(`interval.${x}`) }))}
          />
          <SecondsField
            label={t("retries_base")}
            value={draft.retries.baseS}
            max={3600}
            onChange={(baseS) => sub("retries")({ baseS })}
            error={form.fieldError("retries.baseMs")}
          />
          <SecondsField
            label={t("timeout")}
            value={draft.timeoutS}
            max={86_400}
            onChange={(timeoutS) => set({ timeoutS })}
            error={form.fieldError("timeoutMs")}
          />
        </div>
      </Section>

      <Section title={t("parameters_title")} hint={t("parameters_hint", { name: "{Name}" })}>
        <PairsEditor
          testid="job-parameters"
          pairs={draft.parameters}
          onChange={(parameters) => set({ parameters })}
          labels={{
            name: t("parameter_name"),
            value: t("parameter_default"),
            add: t("parameter_add"),
            remove: t("parameter_remove"),
            empty: t("parameters_none"),
            namePlaceholder: "Target",
          }}
          errorOf={(_, i) => form.errorUnder(`parameters.${i}`)?.message}
          error={form.fieldError("parameters")}
        />
      </Section>

      <Section title={t("secrets_title")} hint={t("secrets_hint")}>
        <PairsEditor
          testid="job-secrets"
          secret
          pairs={draft.secrets}
          onChange={(secrets) => set({ secrets })}
          labels={{
            name: t("secret_name"),
            value: t("secret_value"),
            add: t("secret_add"),
            remove: t("secret_remove"),
            empty: t("secrets_none"),
            namePlaceholder: "API_TOKEN",
          }}
          errorOf={(name) => form.fieldError(`secrets.${name}`)}
          error={form.fieldError("secrets")}
        />
      </Section>

      <Section title={t("alerts_title")} hint={t("alerts_hint")}>
        <fieldset data-testid="job-alert-channels">
          <legend className="mb-1 text-sm font-medium text-zinc-700">{t("alerts_channels")}</legend>
          {channels.length === 0 ? (
            <p className="text-sm text-zinc-500">{t("alerts_no_channels")}</p>
          ) : (
            <div className="flex flex-wrap gap-4">
              {channels.map((c) => (
                <Check
                  key={c.id}
                  label={c.enabled ? c.name : t("channel_disabled", { name: c.name })}
                  checked={draft.alerts.channelIds.includes(c.id)}
                  onChange={(on) => sub("alerts")({ channelIds: toggle(draft.alerts.channelIds, c.id, on) })}
                />
              ))}
            </div>
          )}
          <FormError message={form.errorUnder("alerts.channelIds")?.message} />
        </fieldset>
        <div className="grid gap-3 sm:grid-cols-2">
          <Check
            label={t("alert_failure")}
            checked={draft.alerts.onFailure}
            onChange={(onFailure) => sub("alerts")({ onFailure })}
            role="switch"
          />
          <Check
            label={t("alert_timeout")}
            checked={draft.alerts.onTimeout}
            onChange={(onTimeout) => sub("alerts")({ onTimeout })}
            role="switch"
          />
          <Check
            label={t("alert_recovery")}
            hint={t("alert_recovery_hint")}
            checked={draft.alerts.onRecovery}
            onChange={(onRecovery) => sub("alerts")({ onRecovery })}
            role="switch"
          />
          <TextField
            label={t("alert_consecutive")}
            type="number"
            min={0}
            max={100}
            value={draft.alerts.consecutive}
            hint={t("alert_consecutive_hint")}
            onChange={(e) => sub("alerts")({ consecutive: e.target.value })}
            error={form.fieldError("alerts.consecutive")}
          />
        </div>
      </Section>

      {form.errors.length ? <ErrorSummary errors={form.errors} /> : <FormError message={form.formError} />}
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={form.pending} data-testid="job-save">
          {job ? t("save") : t("create")}
        </Button>
        {job ? <span className="text-sm text-zinc-500">{t("version_note", { version: job.version })}</span> : null}
      </div>
    </form>
  );
}
