"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import type { InspectorProps } from "@/components/graph/types";
import { HttpFields, ShellFields, SqlFields } from "@/components/jobs/config-fields";
import { draftOf, type JobDraft, type JobInitial, jobInput } from "@/components/jobs/job-draft";
import { SelectField, TextField } from "@/components/ui/field";
import { TextAreaField } from "@/components/ui/text-area";
import { useSay } from "@/components/ui/use-say";
import { approversIssue, type FlowLevel, LEVEL_KINDS, type LevelKind } from "@/lib/approvals/flow";
import type {
  ConditionNodeData,
  GateNodeData,
  HttpNodeData,
  JobNodeData,
  NodePolicy,
  ShellNodeData,
  SqlNodeData,
} from "@/lib/flows/catalog";
import { MAX_EXPRESSION_LENGTH, parseExpression } from "@/lib/flows/expression";
import { DEFAULT_JOB_ALERTS, type JobConfig } from "@/lib/jobs/catalog";
import { useFlowDesignerOptions } from "./flow-options";
import { PolicyFields } from "./policy-fields";

/** An inline node's config as the job form's draft (the jobs section's fields edit it as they edit a job's). */
const initialOf = (config: JobConfig): JobInitial => ({
  id: "",
  version: 0,
  name: "",
  description: "",
  config,
  retries: { count: 0, interval: "fixed", baseMs: 60_000 },
  timeoutMs: 600_000,
  secretNames: [],
  parameters: [],
  alerts: DEFAULT_JOB_ALERTS,
});

const NO_ERRORS = { fieldError: () => undefined, under: () => undefined };

/** The reference syntax shown in hints (code, the same in every language). */
const REFS = { param: "{params.Name}", node: "{nodes.<id>.output.<path>}" };

const EXPRESSION_EXAMPLE = 'nodes.build.output.status == "ok" && params.env != "prod"';

function NameField({ name, onChange }: { name: string; onChange: (name: string) => void }) {
  const t = useTranslations("flows.designer");
  const say = useSay();
  return (
    <TextField
      label={t("node_name")}
      value={name}
      maxLength={80}
      onChange={(e) => onChange(e.target.value)}
      error={name.trim() ? undefined : say("flows.node_name_required")}
    />
  );
}

/** A job node: which of the tenant's jobs, and the values of its parameters (references allowed). */
export function JobInspector({ node, readOnly, onChange }: InspectorProps<JobNodeData>) {
  const t = useTranslations("flows.designer");
  const { jobs } = useFlowDesignerOptions();
  const d = node.data;
  const set = (patch: Partial<JobNodeData>) => onChange({ ...d, ...patch });
  const job = jobs.find((j) => j.id === d.jobId);
  return (
    <fieldset className="space-y-4" disabled={readOnly} data-testid="job-node-inspector">
      <legend className="sr-only">{t("kinds.job")}</legend>
      <NameField name={d.name} onChange={(name) => set({ name })} />
      <SelectField
        label={t("job")}
        value={d.jobId ?? ""}
        options={[
          { value: "", label: t("choose_job") },
          ...jobs.map((j) => ({ value: j.id, label: j.enabled ? j.name : t("job_disabled", { name: j.name }) })),
        ]}
        onChange={(e) => set({ jobId: e.target.value || null, params: {} })}
        hint={jobs.length === 0 ? t("no_jobs") : d.jobId && !job ? t("job_gone") : undefined}
      />
      {job && job.parameters.length > 0 ? (
        <fieldset className="space-y-3">
          <legend className="mb-1 text-sm font-medium text-zinc-700">{t("job_params")}</legend>
          {job.parameters.map((p) => (
            <TextField
              key={p.name}
              label={p.name}
              value={d.params[p.name] ?? ""}
              maxLength={2000}
              placeholder={p.default ? t("param_default", { value: p.default }) : undefined}
              onChange={(e) => {
                const params = { ...d.params };
                if (e.target.value === "") delete params[p.name];
                else params[p.name] = e.target.value;
                set({ params });
              }}
            />
          ))}
          <p className="text-xs text-zinc-500">{t("references_hint", REFS)}</p>
        </fieldset>
      ) : null}
      <PolicyFields policy={d.policy} onChange={(policy: NodePolicy) => set({ policy })} />
    </fieldset>
  );
}

/**
 * The job form's draft of an inline node's config, kept while it is being typed (a number field's
 * text stays as typed); the node's data follows every change, and an undo or another node resets it.
 */
function useConfigDraft<K extends "shell" | "http" | "sql">(kind: K, config: object, onConfig: (c: object) => void) {
  const [source, setSource] = useState(config);
  const [draft, setDraft] = useState<JobDraft>(() => draftOf(initialOf({ type: kind, ...config } as JobConfig)));
  if (source !== config) {
    setSource(config);
    setDraft(draftOf(initialOf({ type: kind, ...config } as JobConfig)));
  }
  const change = (patch: Partial<JobDraft[K]>) => {
    const next = { ...draft, type: kind, [kind]: { ...draft[kind], ...patch } } as JobDraft;
    const { type: _, ...stored } = jobInput(next).config;
    setDraft(next);
    setSource(stored);
    onConfig(stored);
  };
  return { value: draft[kind], change };
}

export function ShellInspector({ node, readOnly, onChange }: InspectorProps<ShellNodeData>) {
  const t = useTranslations("flows.designer");
  const d = node.data;
  const { value, change } = useConfigDraft("shell", d.config, (config) =>
    onChange({ ...d, config: config as ShellNodeData["config"] }),
  );
  return (
    <fieldset className="space-y-4" disabled={readOnly} data-testid="shell-node-inspector">
      <legend className="sr-only">{t("kinds.shell")}</legend>
      <NameField name={d.name} onChange={(name) => onChange({ ...d, name })} />
      <ShellFields value={value} onChange={change} errors={NO_ERRORS} />
      <p className="text-xs text-zinc-500">{t("references_hint", REFS)}</p>
      <PolicyFields policy={d.policy} onChange={(policy) => onChange({ ...d, policy })} />
    </fieldset>
  );
}

export function HttpInspector({ node, readOnly, onChange }: InspectorProps<HttpNodeData>) {
  const t = useTranslations("flows.designer");
  const d = node.data;
  const { value, change } = useConfigDraft("http", d.config, (config) =>
    onChange({ ...d, config: config as HttpNodeData["config"] }),
  );
  return (
    <fieldset className="space-y-4" disabled={readOnly} data-testid="http-node-inspector">
      <legend className="sr-only">{t("kinds.http")}</legend>
      <NameField name={d.name} onChange={(name) => onChange({ ...d, name })} />
      <HttpFields value={value} onChange={change} errors={NO_ERRORS} />
      <p className="text-xs text-zinc-500">{t("references_hint", REFS)}</p>
      <PolicyFields policy={d.policy} onChange={(policy) => onChange({ ...d, policy })} />
    </fieldset>
  );
}

export function SqlInspector({ node, readOnly, onChange }: InspectorProps<SqlNodeData>) {
  const t = useTranslations("flows.designer");
  const { datasources, datasourcesHref } = useFlowDesignerOptions();
  const d = node.data;
  const { value, change } = useConfigDraft("sql", d.config, (config) =>
    onChange({ ...d, config: config as SqlNodeData["config"] }),
  );
  return (
    <fieldset className="space-y-4" disabled={readOnly} data-testid="sql-node-inspector">
      <legend className="sr-only">{t("kinds.sql")}</legend>
      <NameField name={d.name} onChange={(name) => onChange({ ...d, name })} />
      <SqlFields
        value={value}
        onChange={change}
        errors={NO_ERRORS}
        datasources={datasources}
        datasourcesHref={datasourcesHref}
      />
      <p className="text-xs text-zinc-500">{t("references_hint", REFS)}</p>
      <PolicyFields policy={d.policy} onChange={(policy) => onChange({ ...d, policy })} />
    </fieldset>
  );
}

const toggle = (list: string[], value: string, on: boolean) =>
  on ? (list.includes(value) ? list : [...list, value]) : list.filter((v) => v !== value);

/** A gate: its approvers as one approval level (kind, members, roles), its timeout and what the timeout does. */
export function GateInspector({ node, readOnly, onChange }: InspectorProps<GateNodeData>) {
  const t = useTranslations("flows.designer");
  const ta = useTranslations("approvals");
  const say = useSay();
  const { members, roles } = useFlowDesignerOptions();
  const d = node.data;
  const set = (patch: Partial<GateNodeData>) => onChange({ ...d, ...patch });
  const setLevel = (patch: Partial<FlowLevel>) => set({ level: { ...d.level, ...patch } });
  const issue = approversIssue(d.level);
  const roleLabel = (key: string) =>
    roles.find((r) => r.key === key && !r.builtin)?.name ?? (ta.has(`roles.${key}`) ? ta(`roles.${key}`) : key);
  return (
    <fieldset className="space-y-4" disabled={readOnly} data-testid="gate-node-inspector">
      <legend className="sr-only">{t("kinds.gate")}</legend>
      <NameField name={d.name} onChange={(name) => set({ name, level: { ...d.level, name: name || d.level.name } })} />
      <SelectField
        label={ta("designer.level_kind")}
        value={d.level.kind}
        options={LEVEL_KINDS.filter((k) => k !== "cc").map((k) => ({ value: k, label: ta(`kinds.${k}`) }))}
        onChange={(e) => setLevel({ kind: e.target.value as LevelKind })}
        hint={ta(`kind_help.${d.level.kind}`)}
      />
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-zinc-700">{ta("designer.members")}</legend>
        <div className="max-h-44 space-y-1 overflow-y-auto rounded-md border border-zinc-200 p-2">
          {members.map((m) => (
            <label key={m.userId} className="flex items-center gap-2 rounded px-1 py-0.5 text-sm hover:bg-zinc-50">
              <input
                type="checkbox"
                checked={d.level.users.includes(m.userId)}
                onChange={(e) => setLevel({ users: toggle(d.level.users, m.userId, e.target.checked) })}
                className="accent-indigo-600"
              />
              <span>{m.name}</span>
              <span className="truncate text-zinc-400">{m.email}</span>
            </label>
          ))}
          {members.length === 0 ? <p className="px-1 text-sm text-zinc-500">{ta("designer.no_members")}</p> : null}
        </div>
      </fieldset>
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-zinc-700">{ta("editor.roles")}</legend>
        <div className="space-y-1 rounded-md border border-zinc-200 p-2">
          {roles
            .filter((r) => r.key !== "VIEWER")
            .map((r) => (
              <label key={r.key} className="flex items-center gap-2 px-1 py-0.5 text-sm">
                <input
                  type="checkbox"
                  checked={d.level.roles.includes(r.key)}
                  onChange={(e) => setLevel({ roles: toggle(d.level.roles, r.key, e.target.checked) })}
                  className="accent-indigo-600"
                />
                {roleLabel(r.key)}
              </label>
            ))}
        </div>
      </fieldset>
      {issue ? (
        <p role="alert" className="text-sm text-red-600">
          {say(issue)}
        </p>
      ) : null}
      <p className="text-xs text-zinc-500">{t("gate_four_eyes")}</p>
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label={t("gate_timeout")}
          type="number"
          min={1}
          max={720}
          inputMode="numeric"
          value={String(d.timeoutHours)}
          onChange={(e) => {
            const n = Number.parseInt(e.target.value, 10);
            set({ timeoutHours: Number.isFinite(n) && n > 0 ? Math.min(n, 720) : 1 });
          }}
        />
        <SelectField
          label={t("gate_on_timeout")}
          value={d.onTimeout}
          options={[
            { value: "reject", label: t("gate_reject") },
            { value: "approve", label: t("gate_approve") },
          ]}
          onChange={(e) => set({ onTimeout: e.target.value as GateNodeData["onTimeout"] })}
        />
      </div>
      <PolicyFields policy={d.policy} onChange={(policy) => set({ policy })} />
    </fieldset>
  );
}

/** The parse error of an expression (a `msg()` code); null when it parses or is empty. */
function expressionError(text: string): string | null {
  if (!text.trim()) return null;
  const parsed = parseExpression(text);
  return parsed.ok ? null : parsed.error;
}

/** A condition: its expression over `params.*` and `nodes.<id>.output.*`, with the parse error shown as typed. */
export function ConditionInspector({ node, readOnly, onChange }: InspectorProps<ConditionNodeData>) {
  const t = useTranslations("flows.designer");
  const say = useSay();
  const d = node.data;
  const error = expressionError(d.expression);
  return (
    <fieldset className="space-y-4" disabled={readOnly} data-testid="condition-node-inspector">
      <legend className="sr-only">{t("kinds.condition")}</legend>
      <NameField name={d.name} onChange={(name) => onChange({ ...d, name })} />
      <TextAreaField
        label={t("expression")}
        rows={3}
        value={d.expression}
        maxLength={MAX_EXPRESSION_LENGTH}
        spellCheck={false}
        className="font-mono text-xs"
        hint={t("expression_hint", { example: EXPRESSION_EXAMPLE })}
        onChange={(e) => onChange({ ...d, expression: e.target.value })}
        error={error ? say(error) : d.expression.trim() ? undefined : say("flows.expression_required")}
      />
    </fieldset>
  );
}
