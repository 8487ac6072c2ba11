"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { SelectField, TextField } from "@/components/ui/field";
import { Check } from "@/components/ui/form-parts";
import { TextAreaField } from "@/components/ui/text-area";
import { HTTP_METHODS } from "@/lib/jobs/catalog";
import type { JobDraft } from "./job-draft";
import { PairsEditor } from "./pairs-editor";
import { SecondsField } from "./seconds-field";

type Errors = { fieldError: (path: string) => string | undefined; under: (prefix: string) => string | undefined };
type Props<K extends "http" | "shell" | "sql"> = {
  value: JobDraft[K];
  onChange: (patch: Partial<JobDraft[K]>) => void;
  errors: Errors;
};

/** An example in a placeholder: a URL, a command or a query reads the same in every language. */
const EXAMPLES = {
  url: "https://hooks.example.com/nightly",
  command: "./backup.sh --target {Target}",
  query: "select count(*) from orders where created_at > now() - interval '1 day'",
  status: "2xx",
  env: "TOKEN, TARGET",
};

/** The HTTP job's call: method, URL, headers, body, the status a success answers with, its timeout and size cap. */
export function HttpFields({ value, onChange, errors }: Props<"http">) {
  const t = useTranslations("jobs.form");
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-[8rem_1fr]">
        <SelectField
          label={t("http_method")}
          value={value.method}
          onChange={(e) => onChange({ method: e.target.value as JobDraft["http"]["method"] })}
          options={HTTP_METHODS.map((m) => ({ value: m, label: m }))}
        />
        <TextField
          label={t("http_url")}
          value={value.url}
          maxLength={2000}
          inputMode="url"
          placeholder={EXAMPLES.url}
          hint={t("http_url_hint")}
          onChange={(e) => onChange({ url: e.target.value })}
          error={errors.fieldError("config.url")}
          data-testid="job-url"
        />
      </div>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-zinc-700">{t("http_headers")}</legend>
        <PairsEditor
          testid="job-headers"
          pairs={value.headers}
          onChange={(headers) => onChange({ headers })}
          labels={{
            name: t("header_name"),
            value: t("header_value"),
            add: t("header_add"),
            remove: t("header_remove"),
            empty: t("headers_none"),
          }}
          errorOf={(name) => errors.fieldError(`config.headers.${name}`)}
          error={errors.fieldError("config.headers")}
        />
      </fieldset>
      <TextAreaField
        label={t("http_body")}
        rows={4}
        value={value.body}
        maxLength={100_000}
        spellCheck={false}
        className="font-mono text-xs"
        hint={t("http_body_hint", { name: "{Name}" })}
        onChange={(e) => onChange({ body: e.target.value })}
        error={errors.fieldError("config.body")}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          label={t("http_expect")}
          type="number"
          min={100}
          max={599}
          value={value.expectStatus}
          placeholder={EXAMPLES.status}
          hint={t("http_expect_hint")}
          onChange={(e) => onChange({ expectStatus: e.target.value })}
          error={errors.fieldError("config.expectStatus")}
        />
        <SecondsField
          label={t("http_timeout")}
          value={value.timeoutS}
          max={3600}
          onChange={(timeoutS) => onChange({ timeoutS })}
          error={errors.fieldError("config.timeoutMs")}
        />
        <TextField
          label={t("http_max_bytes")}
          type="number"
          min={1}
          value={value.maxBytes}
          hint={t("http_max_bytes_hint")}
          onChange={(e) => onChange({ maxBytes: e.target.value })}
          error={errors.fieldError("config.maxBytes")}
        />
      </div>
    </>
  );
}

/** The shell job's command, its working directory, the variables handed to it, and its timeout. */
export function ShellFields({ value, onChange, errors }: Props<"shell">) {
  const t = useTranslations("jobs.form");
  return (
    <>
      <TextAreaField
        label={t("shell_command")}
        rows={4}
        value={value.command}
        maxLength={10_000}
        spellCheck={false}
        className="font-mono text-xs"
        placeholder={EXAMPLES.command}
        hint={t.rich("shell_command_hint", { code: (c) => <code>{c}</code>, name: "{Name}" })}
        onChange={(e) => onChange({ command: e.target.value })}
        error={errors.fieldError("config.command")}
      />
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <TextField
          label={t("shell_workdir")}
          value={value.workdir}
          maxLength={500}
          hint={t("shell_workdir_hint")}
          onChange={(e) => onChange({ workdir: e.target.value })}
          error={errors.fieldError("config.workdir")}
        />
        <SecondsField
          label={t("shell_timeout")}
          value={value.timeoutS}
          max={86_400}
          onChange={(timeoutS) => onChange({ timeoutS })}
          error={errors.fieldError("config.timeoutMs")}
        />
      </div>
      <TextField
        label={t("shell_env")}
        value={value.envKeys}
        className="font-mono"
        placeholder={EXAMPLES.env}
        hint={t("shell_env_hint")}
        onChange={(e) => onChange({ envKeys: e.target.value })}
        error={errors.under("config.envKeys")}
      />
    </>
  );
}

/** The SQL job's datasource, query and its parameters, statement timeout, row cap and read-only switch. */
export function SqlFields({
  value,
  onChange,
  errors,
  datasources,
  datasourcesHref,
}: Props<"sql"> & { datasources: { id: string; name: string; readOnly: boolean }[]; datasourcesHref: string }) {
  const t = useTranslations("jobs.form");
  const chosen = datasources.find((d) => d.id === value.datasourceId);
  return (
    <>
      <SelectField
        label={t("sql_datasource")}
        value={value.datasourceId}
        onChange={(e) => onChange({ datasourceId: e.target.value })}
        options={[
          { value: "", label: t("choose") },
          ...datasources.map((d) => ({
            value: d.id,
            label: d.readOnly ? t("read_only_suffix", { name: d.name }) : d.name,
          })),
        ]}
        hint={
          datasources.length === 0
            ? t.rich("sql_no_datasources", {
                link: (c) => (
                  <Link href={datasourcesHref} className="text-indigo-600 hover:underline">
                    {c}
                  </Link>
                ),
              })
            : undefined
        }
        error={errors.fieldError("config.datasourceId")}
        data-testid="job-datasource"
      />
      <TextAreaField
        label={t("sql_query")}
        rows={5}
        value={value.query}
        maxLength={100_000}
        spellCheck={false}
        className="font-mono text-xs"
        placeholder={EXAMPLES.query}
        hint={t.rich("sql_query_hint", { code: (c) => <code>{c}</code>, first: "$1", name: "{Name}" })}
        onChange={(e) => onChange({ query: e.target.value })}
        error={errors.fieldError("config.query")}
      />
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-zinc-700">{t("sql_params")}</legend>
        <PairsEditor
          testid="job-sql-params"
          pairs={value.params.map((p, i) => ({ ...p, name: `$${i + 1}`, stored: false }))}
          onChange={(params) => onChange({ params })}
          labels={{
            name: t("sql_param_name"),
            value: t("sql_param_value"),
            add: t("sql_param_add"),
            remove: t("sql_param_remove"),
            empty: t("sql_params_none"),
          }}
          errorOf={(_, i) => errors.fieldError(`config.params.${i}`)}
          error={errors.fieldError("config.params")}
        />
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <SecondsField
          label={t("sql_statement_timeout")}
          value={value.statementTimeoutS}
          max={3600}
          onChange={(statementTimeoutS) => onChange({ statementTimeoutS })}
          error={errors.fieldError("config.statementTimeoutMs")}
        />
        <TextField
          label={t("sql_row_cap")}
          type="number"
          min={1}
          max={10_000}
          value={value.rowCap}
          hint={t("sql_row_cap_hint")}
          onChange={(e) => onChange({ rowCap: e.target.value })}
          error={errors.fieldError("config.rowCap")}
        />
      </div>
      <Check
        label={t("sql_read_only")}
        hint={chosen?.readOnly ? t("sql_read_only_forced") : t("sql_read_only_hint")}
        checked={value.readOnly}
        onChange={(readOnly) => onChange({ readOnly })}
        role="switch"
      />
      {errors.fieldError("config.readOnly") ? (
        <p role="alert" className="text-sm text-red-600">
          {errors.fieldError("config.readOnly")}
        </p>
      ) : null}
    </>
  );
}
