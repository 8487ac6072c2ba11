"use client";

import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorSummary, FormError, SelectField, TextField } from "@/components/ui/field";
import { Check, nextFormKey, Section } from "@/components/ui/form-parts";
import { TextAreaField } from "@/components/ui/text-area";
import { useActionForm } from "@/components/ui/use-action-form";
import type { RoleOption } from "@/lib/roles";
import { nestedShellPlaceholders, placeholders } from "@/lib/work-orders/command";
import { DEFAULT_RUN_POLICY, RUN_POLICIES, type RunPolicy } from "@/lib/work-orders/run-policy";
import type { DeployWindow, OptionalVariable } from "@/lib/work-orders/types";
import { toVarDraft, toVariable, type VarDraft, VariableEditor } from "./variable-editor";
import { WEEKDAYS } from "./window-text";

type Option = { id: string; name: string };
export type TemplateInitial = {
  id: string;
  version: number;
  enabled: boolean;
  name: string;
  description: string;
  environmentId: string;
  purposeId: string;
  command: string;
  workdir: string | null;
  timeoutSeconds: number;
  submitRoles: string[];
  requiresApproval: boolean;
  approvalFlowId: string | null;
  fourEyes: boolean;
  runPolicy?: RunPolicy;
  deployWindow: DeployWindow | null;
  variables: OptionalVariable[];
  internalNames: string[];
};

type InternalDraft = { key: number; name: string; stored: boolean; value: string };

/** An example command in the placeholder: a shell command reads the same in every language. */
const COMMAND_EXAMPLE = 'echo "deploying {Host}"; ./deploy.sh {Host}';

/** The form's top-level fields, as the error summary names them (`templates.form.labels.*`). */
const SUMMARY_FIELDS = [
  "name",
  "description",
  "environmentId",
  "purposeId",
  "command",
  "workdir",
  "timeoutSeconds",
  "submitRoles",
  "approvalFlowId",
  "deployWindow",
  "variables",
  "internalVariables",
] as const;

// biome-ignore lint/suspicious/noExplicitAny: a safe action; useActionForm reads its result shape
type SaveAction = (input: any) => Promise<any>;

const input =
  "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";

/** Create or edit a template (a save makes a new version; orders keep the version they used). */
export function TemplateForm({
  tenant,
  timeZone,
  template,
  environments,
  purposes,
  flows,
  roles,
  save,
}: {
  tenant: string;
  timeZone: string;
  template: TemplateInitial | null;
  environments: Option[];
  purposes: Option[];
  flows: Option[];
  roles: RoleOption[];
  save: SaveAction;
}) {
  const router = useRouter();
  const t = template;
  const [name, setName] = useState(t?.name ?? "");
  const [description, setDescription] = useState(t?.description ?? "");
  const [environmentId, setEnvironmentId] = useState(t?.environmentId ?? "");
  const [purposeId, setPurposeId] = useState(t?.purposeId ?? "");
  const [command, setCommand] = useState(t?.command ?? "");
  const [workdir, setWorkdir] = useState(t?.workdir ?? "");
  const [timeoutSeconds, setTimeoutSeconds] = useState(String(t?.timeoutSeconds ?? 600));
  const [submitRoles, setSubmitRoles] = useState<string[]>(t?.submitRoles ?? ["OWNER", "ADMIN", "MEMBER"]);
  const [requiresApproval, setRequiresApproval] = useState(t?.requiresApproval ?? true);
  const [approvalFlowId, setApprovalFlowId] = useState(t?.approvalFlowId ?? "");
  const [fourEyes, setFourEyes] = useState(t?.fourEyes ?? false);
  const [runPolicy, setRunPolicy] = useState<RunPolicy>(t?.runPolicy ?? DEFAULT_RUN_POLICY);
  const tr = useTranslations("work-orders");
  const f = useTranslations("templates.form");
  const labels = Object.fromEntries(SUMMARY_FIELDS.map((k) => [k, f(`labels.${k}`)]));
  const [windowOn, setWindowOn] = useState(Boolean(t?.deployWindow));
  const [days, setDays] = useState<number[]>(t?.deployWindow?.days ?? [1, 2, 3, 4, 5]);
  const [from, setFrom] = useState(t?.deployWindow?.from ?? "09:00");
  const [to, setTo] = useState(t?.deployWindow?.to ?? "17:00");
  const [variables, setVariables] = useState<VarDraft[]>(() => (t?.variables ?? []).map(toVarDraft));
  const [internal, setInternal] = useState<InternalDraft[]>(() =>
    (t?.internalNames ?? []).map((n) => ({ key: nextFormKey(), name: n, stored: true, value: "" })),
  );
  const [enabled, setEnabled] = useState(t?.enabled ?? true);

  const form = useActionForm(save, {
    extra: {
      tenant,
      id: t?.id,
      name,
      description,
      environmentId,
      purposeId,
      command,
      workdir,
      timeoutSeconds: Number(timeoutSeconds),
      submitRoles,
      requiresApproval,
      approvalFlowId: requiresApproval && approvalFlowId ? approvalFlowId : null,
      fourEyes,
      runPolicy,
      deployWindow: windowOn ? { days: [...days].sort((a, b) => a - b), from, to } : null,
      variables: variables.map(toVariable),
      internalVariables: Object.fromEntries(
        internal.map((i) => [i.name.trim(), i.stored && i.value === "" ? null : i.value]),
      ),
      enabled,
    },
    labels,
    successMessage: (d: { version: number }) => f("saved", { version: d.version }),
    onSuccess: () => router.push(`/t/${tenant}/work-orders/templates`),
  });

  const optionalNames = new Set(variables.map((v) => v.name.trim()).filter(Boolean));
  const internalNames = new Set(internal.map((i) => i.name.trim()).filter(Boolean));
  const found = placeholders(command);
  const undefinedNames = found.filter((n) => !optionalNames.has(n) && !internalNames.has(n));
  const reparsed = nestedShellPlaceholders(command);
  const patternOf = (name: string) => variables.find((v) => v.name.trim() === name)?.pattern ?? "";
  /** A nested message of variable i ("variables.0.source.options.2" → "Option 3: at most …"). */
  const varError = (i: number, path: string) => {
    const e = form.errorUnder(`variables.${i}.${path}`);
    if (!e) return undefined;
    const option = /\.options\.(\d+)$/.exec(e.path);
    return option
      ? f("option_error", {
          n: Number(option[1]) + 1,
          message: e.message.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase()),
        })
      : e.message;
  };
  const updateInternal = (i: number, patch: Partial<InternalDraft>) =>
    setInternal((xs) => xs.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const toggle = <T,>(list: T[], value: T, on: boolean) =>
    on ? [...new Set([...list, value])] : list.filter((v) => v !== value);

  return (
    <form noValidate onSubmit={form.onSubmit} className="space-y-6">
      <Section title={f("what_it_is")}>
        <div className="grid gap-4 md:grid-cols-2">
          <TextField
            label={f("labels.name")}
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            placeholder={f("name_placeholder")}
            error={form.fieldError("name")}
          />
          <div className="grid grid-cols-2 gap-4">
            <SelectField
              label={f("labels.environmentId")}
              value={environmentId}
              onChange={(e) => setEnvironmentId(e.target.value)}
              options={[
                { value: "", label: f("choose") },
                ...environments.map((c) => ({ value: c.id, label: c.name })),
              ]}
              error={form.fieldError("environmentId")}
            />
            <SelectField
              label={f("labels.purposeId")}
              value={purposeId}
              onChange={(e) => setPurposeId(e.target.value)}
              options={[{ value: "", label: f("choose") }, ...purposes.map((c) => ({ value: c.id, label: c.name }))]}
              error={form.fieldError("purposeId")}
            />
          </div>
        </div>
        <TextAreaField
          label={f("description_optional")}
          rows={2}
          value={description}
          maxLength={2000}
          onChange={(e) => setDescription(e.target.value)}
          error={form.fieldError("description")}
        />
        <Check label={f("enabled")} hint={f("enabled_hint")} checked={enabled} onChange={setEnabled} role="switch" />
      </Section>

      <Section
        title={f("command")}
        hint={f.rich("command_hint", { code: (chunks) => <code>{chunks}</code>, sh: "sh -c", name: "{Name}" })}
      >
        <TextAreaField
          label={f("labels.command")}
          rows={5}
          value={command}
          maxLength={4000}
          spellCheck={false}
          className="font-mono text-xs"
          onChange={(e) => setCommand(e.target.value)}
          placeholder={COMMAND_EXAMPLE}
          error={form.fieldError("command")}
        />
        <div aria-live="polite" className="text-sm" data-testid="placeholders">
          {found.length === 0 ? (
            <p className="text-zinc-500">{f("no_placeholders")}</p>
          ) : (
            <ul className="flex flex-wrap gap-2">
              {found.map((n) => {
                const kind = optionalNames.has(n) ? "variable" : internalNames.has(n) ? "internal" : "undefined";
                return (
                  <li
                    key={n}
                    className={
                      kind === "undefined"
                        ? "rounded-md bg-red-50 px-2 py-0.5 font-mono text-xs text-red-700 ring-1 ring-red-200"
                        : kind === "internal"
                          ? "rounded-md bg-zinc-100 px-2 py-0.5 font-mono text-xs text-zinc-700"
                          : "rounded-md bg-emerald-50 px-2 py-0.5 font-mono text-xs text-emerald-800"
                    }
                  >
                    {`{${n}}`} <span className="font-sans">· {f(`placeholder_kind.${kind}`)}</span>
                  </li>
                );
              })}
            </ul>
          )}
          {reparsed.length ? (
            <div
              role="note"
              data-testid="nested-shell-warning"
              className="mt-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-amber-900"
            >
              <p className="font-medium">{f("parsed_twice")}</p>
              <ul className="mt-1 list-disc space-y-0.5 pl-5">
                {reparsed.map((u) => (
                  <li key={`${u.name}-${u.construct}`}>
                    {f.rich("nested", {
                      code: (chunks) => <code>{chunks}</code>,
                      name: `{${u.name}}`,
                      construct: u.construct,
                      subst: "$(…)",
                      semi: ";",
                    })}{" "}
                    {patternOf(u.name)
                      ? f("nested_pattern")
                      : internalNames.has(u.name)
                        ? f("nested_internal")
                        : f("nested_fix", { example: `sh -c 'echo "$1"' sh {${u.name}}` })}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {undefinedNames.length ? (
            <p className="mt-2 text-red-600">
              {f("not_defined", { names: undefinedNames.map((n) => `{${n}}`).join(", ") })}
            </p>
          ) : null}
        </div>
        <div className="grid gap-4 md:grid-cols-[2fr_1fr]">
          <TextField
            label={f("workdir_optional")}
            value={workdir}
            onChange={(e) => setWorkdir(e.target.value)}
            placeholder={f("workdir_placeholder")}
            error={form.fieldError("workdir")}
          />
          <TextField
            label={f("timeout_seconds")}
            type="number"
            min={1}
            max={86400}
            value={timeoutSeconds}
            onChange={(e) => setTimeoutSeconds(e.target.value)}
            error={form.fieldError("timeoutSeconds")}
          />
        </div>
      </Section>

      <Section title={f("who_when")}>
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-zinc-700">{f("who_may_submit")}</legend>
          <div className="flex flex-wrap gap-4">
            {roles.map((r) => (
              <Check
                key={r.key}
                label={r.name}
                checked={submitRoles.includes(r.key)}
                onChange={(on) => setSubmitRoles((rs) => toggle(rs, r.key, on))}
              />
            ))}
          </div>
          {form.fieldError("submitRoles") ? (
            <p role="alert" className="mt-1 text-sm text-red-600">
              {form.fieldError("submitRoles")}
            </p>
          ) : null}
        </fieldset>
        <div className="grid items-start gap-4 md:grid-cols-2">
          <div className="space-y-3">
            <Check
              label={f("requires_approval")}
              checked={requiresApproval}
              onChange={setRequiresApproval}
              role="switch"
            />
            {requiresApproval ? (
              <SelectField
                label={f("labels.approvalFlowId")}
                value={approvalFlowId}
                onChange={(e) => setApprovalFlowId(e.target.value)}
                options={[{ value: "", label: f("choose") }, ...flows.map((x) => ({ value: x.id, label: x.name }))]}
                hint={flows.length === 0 ? f("no_flows") : undefined}
                error={form.fieldError("approvalFlowId")}
              />
            ) : (
              <p className="text-sm text-zinc-500">{f("no_approval")}</p>
            )}
          </div>
          <Check
            label={f("four_eyes")}
            hint={f("four_eyes_hint")}
            checked={fourEyes}
            onChange={setFourEyes}
            role="switch"
          />
          <SelectField
            label={tr("policy_label")}
            value={runPolicy}
            onChange={(e) => setRunPolicy(e.target.value as RunPolicy)}
            options={RUN_POLICIES.map((p) => ({ value: p, label: tr(`policy_option.${p}`) }))}
            hint={tr("policy_hint")}
            error={form.fieldError("runPolicy")}
          />
        </div>
        <div className="space-y-3 border-t border-zinc-100 pt-4">
          <Check
            label={f("window")}
            hint={f("window_hint", { timeZone })}
            checked={windowOn}
            onChange={setWindowOn}
            role="switch"
          />
          {windowOn ? (
            <div className="flex flex-wrap items-end gap-4 pl-6">
              <fieldset>
                <legend className="mb-1 text-sm font-medium text-zinc-700">{f("days")}</legend>
                <div className="flex gap-3">
                  {WEEKDAYS.map((d, i) => (
                    <label key={d} className="flex items-center gap-1 text-sm">
                      <input
                        type="checkbox"
                        checked={days.includes(i)}
                        onChange={(e) => setDays((ds) => toggle(ds, i, e.target.checked))}
                        className="accent-indigo-600"
                      />
                      {tr(`days.${d}`)}
                    </label>
                  ))}
                </div>
              </fieldset>
              <label className="text-sm">
                <span className="mb-1 block font-medium text-zinc-700">{f("from")}</span>
                <input type="time" value={from} onChange={(e) => setFrom(e.target.value)} className={input} />
              </label>
              <label className="text-sm">
                <span className="mb-1 block font-medium text-zinc-700">{f("to")}</span>
                <input type="time" value={to} onChange={(e) => setTo(e.target.value)} className={input} />
              </label>
              <span className="pb-2 text-sm text-zinc-500">{timeZone}</span>
            </div>
          ) : null}
          {form.fieldError("deployWindow") ? (
            <p role="alert" className="text-sm text-red-600">
              {form.fieldError("deployWindow")}
            </p>
          ) : null}
        </div>
      </Section>

      <VariableEditor
        variables={variables}
        setVariables={setVariables}
        error={varError}
        listError={form.fieldError("variables")}
      />

      <Section title={f("labels.internalVariables")} hint={f("internal_hint")}>
        {internal.length === 0 ? <p className="text-sm text-zinc-500">{f("no_internal")}</p> : null}
        {internal.map((x, i) => (
          <div key={x.key} className="grid items-start gap-3 md:grid-cols-[1fr_2fr_auto]">
            {x.stored ? (
              <div className="space-y-1">
                <p className="text-sm font-medium text-zinc-700">{f("name")}</p>
                <p className="py-2 font-mono text-sm">
                  {x.name}{" "}
                  <span className="ml-1 rounded-full bg-emerald-100 px-2 py-0.5 font-sans text-xs text-emerald-800">
                    {f("set")}
                  </span>
                </p>
              </div>
            ) : (
              <TextField
                label={f("internal_name", { n: i + 1 })}
                value={x.name}
                onChange={(e) => updateInternal(i, { name: e.target.value })}
                placeholder={f("internal_name_placeholder")}
                className="font-mono"
              />
            )}
            <TextField
              label={x.stored ? f("replace_value", { name: x.name }) : f("internal_value", { n: i + 1 })}
              type="password"
              autoComplete="new-password"
              value={x.value}
              onChange={(e) => updateInternal(i, { value: e.target.value })}
              placeholder={x.stored ? f("keep_value") : ""}
            />
            <div className="pt-6">
              <Button
                variant="ghost"
                size="sm"
                className="text-red-600"
                aria-label={f("remove_internal", { name: x.name || String(i + 1) })}
                onClick={() => setInternal((xs) => xs.filter((_, j) => j !== i))}
              >
                <Trash2 className="size-4" aria-hidden />
              </Button>
            </div>
          </div>
        ))}
        <FormError message={form.fieldError("internalVariables")} />
        <Button
          variant="secondary"
          onClick={() => setInternal((xs) => [...xs, { key: nextFormKey(), name: "", stored: false, value: "" }])}
        >
          <Plus className="size-4" aria-hidden />
          {f("add_internal")}
        </Button>
      </Section>

      {form.errors.length ? <ErrorSummary errors={form.errors} /> : <FormError message={form.formError} />}
      <div className="flex items-center gap-3">
        <Button type="submit" pending={form.pending}>
          {t ? f("save_as", { version: t.version + 1 }) : f("create")}
        </Button>
        {t ? <span className="text-sm text-zinc-500">{f("keep_version", { version: t.version })}</span> : null}
      </div>
    </form>
  );
}
