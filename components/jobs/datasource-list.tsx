"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { failureOf } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorSummary, FormError, TextField } from "@/components/ui/field";
import { Check } from "@/components/ui/form-parts";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { useActionForm } from "@/components/ui/use-action-form";

// biome-ignore lint/suspicious/noExplicitAny: safe actions; the helpers read their result shape
type Action = (input: any) => Promise<any>;

export type DatasourceRow = { id: string; name: string; address: string; readOnly: boolean };
type TestAnswer = { ok: true; serverVersion: string; ms: number } | { ok: false; error: string };

/**
 * The tenant's datasources: name, masked address (host, port, database: never the user or
 * password) and whether it is read-only; who may manage jobs adds and edits them. The URL is
 * write-only: an edit shows it empty, and empty keeps the stored one.
 */
export function DatasourceList({
  tenant,
  datasources,
  actions,
}: {
  tenant: string;
  datasources: DatasourceRow[];
  actions?: { save: Action; test: Action };
}) {
  const t = useTranslations("jobs.datasources");
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const form = (row: DatasourceRow | null) =>
    actions ? (
      <DatasourceForm
        key={row?.id ?? "new"}
        tenant={tenant}
        datasource={row}
        save={actions.save}
        test={actions.test}
        onDone={() => setEditing(null)}
      />
    ) : null;
  return (
    <div className="space-y-4">
      {datasources.length === 0 && editing !== "new" ? (
        <EmptyState title={t("empty_title")}>{actions ? t("empty_manage") : t("empty_read")}</EmptyState>
      ) : datasources.length ? (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white">
          <Table caption={t("title")}>
            <THead>
              <Th>{t("col_name")}</Th>
              <Th>{t("col_address")}</Th>
              <Th>{t("col_access")}</Th>
              <Th>
                <span className="sr-only">{t("col_actions")}</span>
              </Th>
            </THead>
            <TBody>
              {datasources.map((d) => (
                <Tr key={d.id} data-testid={`datasource-${d.name}`}>
                  <Td className="font-medium">{d.name}</Td>
                  <Td className="font-mono text-xs text-zinc-600">{d.address}</Td>
                  <Td>{d.readOnly ? t("read_only") : t("read_write")}</Td>
                  <Td className="text-right">
                    {actions ? (
                      <Button variant="secondary" size="sm" onClick={() => setEditing(d.id)}>
                        {t("edit")}
                      </Button>
                    ) : null}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </div>
      ) : null}
      {editing && editing !== "new" ? form(datasources.find((d) => d.id === editing) ?? null) : null}
      {editing === "new" ? form(null) : null}
      {actions && editing === null ? (
        <Button onClick={() => setEditing("new")} data-testid="datasource-add">
          <Plus className="size-4" aria-hidden />
          {t("add")}
        </Button>
      ) : null}
    </div>
  );
}

function DatasourceForm({
  tenant,
  datasource: d,
  save,
  test,
  onDone,
}: {
  tenant: string;
  datasource: DatasourceRow | null;
  save: Action;
  test: Action;
  onDone: () => void;
}) {
  const t = useTranslations("jobs.datasources");
  const router = useRouter();
  const [name, setName] = useState(d?.name ?? "");
  const [url, setUrl] = useState("");
  const [readOnly, setReadOnly] = useState(d?.readOnly ?? true);
  const [testing, setTesting] = useState(false);
  const [answer, setAnswer] = useState<TestAnswer | null>(null);
  const form = useActionForm(save, {
    extra: { tenant, id: d?.id, name, url, readOnly },
    labels: { name: t("name"), url: t("url") },
    successMessage: d ? t("saved") : t("added"),
    onSuccess: () => {
      router.refresh();
      onDone();
    },
  });
  const runTest = async () => {
    setTesting(true);
    setAnswer(null);
    const result = await test({ tenant, id: d?.id, url });
    setTesting(false);
    const failure = failureOf(result);
    setAnswer(failure ? { ok: false, error: failure } : (result.data as TestAnswer));
  };
  return (
    <form
      noValidate
      onSubmit={form.onSubmit}
      className="space-y-4 rounded-lg border border-indigo-200 bg-white p-5"
      data-testid="datasource-form"
    >
      <h2 className="text-sm font-semibold">{d ? t("edit_title", { name: d.name }) : t("new_title")}</h2>
      <div className="grid gap-4 md:grid-cols-2">
        <TextField
          label={t("name")}
          value={name}
          maxLength={120}
          placeholder={t("name_placeholder")}
          onChange={(e) => setName(e.target.value)}
          error={form.fieldError("name")}
          data-testid="datasource-name"
        />
        <TextField
          label={d ? t("url_replace") : t("url")}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={url}
          maxLength={2000}
          placeholder={d ? t("url_keep") : "postgres://reporter:…@db.example.com:5432/sales"}
          hint={d ? t("url_hint_edit", { address: d.address }) : t("url_hint")}
          onChange={(e) => {
            setUrl(e.target.value);
            setAnswer(null);
          }}
          error={form.fieldError("url")}
          data-testid="datasource-url"
        />
      </div>
      <Check
        label={t("read_only")}
        hint={t("read_only_hint")}
        checked={readOnly}
        onChange={setReadOnly}
        role="switch"
      />
      <div aria-live="polite" data-testid="datasource-test-answer">
        {answer ? (
          answer.ok ? (
            <p className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
              {t("test_ok", { version: answer.serverVersion, ms: answer.ms })}
            </p>
          ) : (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
              {answer.error}
            </p>
          )
        ) : null}
      </div>
      {form.errors.length ? <ErrorSummary errors={form.errors} /> : <FormError message={form.formError} />}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" pending={form.pending} data-testid="datasource-save">
          {d ? t("save") : t("create")}
        </Button>
        <Button
          variant="secondary"
          pending={testing}
          disabled={!d && !url}
          onClick={runTest}
          data-testid="datasource-test"
        >
          {t("test")}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}
