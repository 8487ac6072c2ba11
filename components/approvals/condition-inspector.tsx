"use client";

import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import type { InspectorProps } from "@/components/graph/types";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { control, Field, SelectField, TextField } from "@/components/ui/field";
import {
  type ConditionData,
  type ConditionRule,
  ROUTE_FIELDS,
  ROUTE_OPS,
  type RouteField,
  type RouteOp,
} from "@/lib/graph/types";
import { choicesOf, nodeName, toggle } from "./flow-names";
import { useFlowOptions, useRoleName } from "./flow-options";

const LIST_OPS: readonly RouteOp[] = ["eq", "neq", "in"];

/** A condition: its rules in order (each a field, an operator, a value and the way it leads), then the default route. */
export function ConditionInspector({ node, graph, readOnly, onChange }: InspectorProps<ConditionData>) {
  const t = useTranslations("approvals");
  const options = useFlowOptions();
  const roleName = useRoleName();
  const data = node.data;
  const rules = data.rules ?? [];
  const outgoing = graph.edges.filter((e) => e.source === node.id);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const routeOptions = [
    { value: "", label: t("designer.choose_route") },
    ...outgoing.map((e) => ({
      value: e.id,
      label: t("designer.to", { name: nodeName(t, graph, byId.get(e.target)) }),
    })),
  ];
  const setRules = (next: ConditionRule[]) => onChange({ ...data, rules: next });
  const setRule = (i: number, patch: Partial<ConditionRule>) =>
    setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...rules];
    const [rule] = next.splice(i, 1);
    if (rule) next.splice(i + by, 0, rule);
    setRules(next);
  };
  const firstValue = (field: RouteField) => choicesOf(field, options, roleName)?.[0]?.id ?? "";
  return (
    <fieldset className="space-y-4" disabled={readOnly} data-testid="condition-inspector">
      <legend className="sr-only">{t("designer.condition_settings")}</legend>
      <p className="text-sm text-zinc-500">{t("designer.condition_help")}</p>
      {outgoing.length === 0 ? <p className="text-sm text-amber-700">{t("designer.connect_first")}</p> : null}
      <ol className="space-y-3">
        {rules.map((rule, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rules are positional and have no id
          <li key={i} className="rounded-md border border-zinc-200 p-3" data-testid={`rule-${i + 1}`}>
            <RuleEditor
              n={i + 1}
              rule={rule}
              routes={routeOptions}
              onChange={(patch) => setRule(i, patch)}
              firstValue={firstValue}
            />
            <div className="mt-2 flex justify-end gap-1">
              <Button
                variant="ghost"
                size="sm"
                aria-label={t("designer.rule_up", { n: i + 1 })}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                <ArrowUp className="size-4" aria-hidden />
              </Button>
              <Button
                variant="ghost"
                size="sm"
                aria-label={t("designer.rule_down", { n: i + 1 })}
                disabled={i === rules.length - 1}
                onClick={() => move(i, 1)}
              >
                <ArrowDown className="size-4" aria-hidden />
              </Button>
              <Button
                variant="ghost"
                size="sm"
                className="text-red-600"
                aria-label={t("designer.rule_remove", { n: i + 1 })}
                onClick={() => setRules(rules.filter((_, j) => j !== i))}
              >
                <Trash2 className="size-4" aria-hidden />
              </Button>
            </div>
          </li>
        ))}
      </ol>
      <Button
        variant="secondary"
        size="sm"
        disabled={rules.length >= 20}
        onClick={() =>
          setRules([
            ...rules,
            { field: "environment", op: "eq", value: firstValue("environment"), edge: outgoing[0]?.id ?? "" },
          ])
        }
      >
        <Plus className="size-4" aria-hidden />
        {t("designer.add_rule")}
      </Button>
      <SelectField
        label={t("designer.default_route_label")}
        value={data.defaultEdge ?? ""}
        options={routeOptions}
        onChange={(e) => onChange({ ...data, defaultEdge: e.target.value || null })}
        hint={t("designer.default_route_help")}
      />
    </fieldset>
  );
}

function RuleEditor({
  n,
  rule,
  routes,
  onChange,
  firstValue,
}: {
  n: number;
  rule: ConditionRule;
  routes: { value: string; label: string }[];
  onChange: (patch: Partial<ConditionRule>) => void;
  firstValue: (field: RouteField) => string;
}) {
  const t = useTranslations("approvals");
  const options = useFlowOptions();
  const roleName = useRoleName();
  const choices = choicesOf(rule.field, options, roleName);
  const ops = choices ? LIST_OPS : ROUTE_OPS;
  const values = Array.isArray(rule.value) ? rule.value : rule.value === "" ? [] : [rule.value];
  const single = Array.isArray(rule.value) ? (rule.value[0] ?? "") : rule.value;
  const groupId = useId();
  return (
    <div className="grid gap-3">
      <SelectField
        label={t("designer.rule_field", { n })}
        value={rule.field}
        options={ROUTE_FIELDS.map((f) => ({ value: f, label: t(`designer.fields.${f}`) }))}
        onChange={(e) => {
          const field = e.target.value as RouteField;
          const listed = field !== "variable";
          const op = listed && rule.op === "matches" ? "eq" : rule.op;
          onChange({
            field,
            op,
            variable: field === "variable" ? (rule.variable ?? "") : undefined,
            value: op === "in" ? [] : listed ? firstValue(field) : "",
          });
        }}
      />
      {rule.field === "variable" ? (
        <TextField
          label={t("designer.rule_variable", { n })}
          value={rule.variable ?? ""}
          maxLength={64}
          onChange={(e) => onChange({ variable: e.target.value })}
        />
      ) : null}
      <SelectField
        label={t("designer.rule_op", { n })}
        value={rule.op}
        options={ops.map((o) => ({ value: o, label: t(`designer.ops.${o}`) }))}
        onChange={(e) => {
          const op = e.target.value as RouteOp;
          onChange({ op, value: op === "in" ? values : (values[0] ?? (choices ? firstValue(rule.field) : "")) });
        }}
      />
      {choices && rule.op === "in" ? (
        <fieldset aria-labelledby={groupId}>
          <span id={groupId} className="mb-1 block text-sm font-medium text-zinc-700">
            {t("designer.rule_values", { n })}
          </span>
          <div className="flex max-h-36 flex-wrap gap-x-4 gap-y-1 overflow-y-auto rounded-md border border-zinc-200 p-2">
            {choices.map((c) => (
              <label key={c.id} className="flex items-center gap-1.5 text-sm">
                <input
                  type="checkbox"
                  checked={values.includes(c.id)}
                  onChange={(e) => onChange({ value: toggle(values, c.id, e.target.checked) })}
                  className="accent-indigo-600"
                />
                {c.name}
              </label>
            ))}
          </div>
        </fieldset>
      ) : choices ? (
        <Field label={t("designer.rule_value", { n })}>
          {(id) => (
            <select
              id={id}
              value={single}
              onChange={(e) => onChange({ value: e.target.value })}
              className={cn(control, "border-zinc-300")}
            >
              {single && !choices.some((c) => c.id === single) ? (
                <option value={single}>{t("designer.missing_value")}</option>
              ) : null}
              {choices.length === 0 ? <option value="">{t("designer.no_values")}</option> : null}
              {choices.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : rule.op === "in" ? (
        <ListText
          label={t("designer.rule_values_text", { n })}
          values={values}
          onChange={(value) => onChange({ value })}
        />
      ) : (
        <TextField
          label={t("designer.rule_value", { n })}
          value={single}
          maxLength={200}
          hint={rule.op === "matches" ? t("designer.matches_help") : undefined}
          onChange={(e) => onChange({ value: e.target.value })}
        />
      )}
      <SelectField
        label={t("designer.rule_route", { n })}
        value={rule.edge}
        options={routes}
        onChange={(e) => onChange({ edge: e.target.value })}
      />
    </div>
  );
}

/** Values typed as a comma-separated list: the text is kept as typed, the rule gets the trimmed values. */
function ListText({ label, values, onChange }: { label: string; values: string[]; onChange: (v: string[]) => void }) {
  const [text, setText] = useState(() => values.join(", "));
  return (
    <TextField
      label={label}
      value={text}
      maxLength={2000}
      onChange={(e) => {
        setText(e.target.value);
        onChange(
          e.target.value
            .split(",")
            .map((v) => v.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}
