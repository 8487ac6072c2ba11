"use client";

import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import type { Dispatch, SetStateAction } from "react";
import { Button } from "@/components/ui/button";
import { FormError, SelectField, TextField } from "@/components/ui/field";
import { Check, nextFormKey, Section } from "@/components/ui/form-parts";
import { TextAreaField } from "@/components/ui/text-area";
import { type PatternPreset, PRESET_NAMES, regexProblem } from "@/lib/work-orders/patterns";
import type { OptionalVariable } from "@/lib/work-orders/types";

/** A variable as the form edits it (text fields as typed; `toVariable` makes the saved shape). */
export type VarDraft = {
  key: number;
  name: string;
  label: string;
  multiple: boolean;
  required: boolean;
  type: "list" | "http";
  options: string;
  url: string;
  timeoutMs: string;
  /** "" any value, a preset, or "custom" (then `regex` and its `patternName`). */
  pattern: "" | PatternPreset | "custom";
  regex: string;
  patternName: string;
};

/** An example URL in the placeholder: it reads the same in every language. */
const URL_EXAMPLE = "https://inventory.example.com/hosts.json";

export const toVarDraft = (v: OptionalVariable): VarDraft => ({
  key: nextFormKey(),
  name: v.name,
  label: v.label,
  multiple: v.multiple,
  required: v.required,
  type: v.source.type,
  options: v.source.type === "list" ? v.source.options.join("\n") : "",
  url: v.source.type === "http" ? v.source.url : "",
  timeoutMs: v.source.type === "http" ? String(v.source.timeoutMs) : "5000",
  pattern: !v.pattern ? "" : "preset" in v.pattern ? v.pattern.preset : "custom",
  regex: v.pattern && "regex" in v.pattern ? v.pattern.regex : "",
  patternName: v.pattern && "regex" in v.pattern ? (v.pattern.name ?? "") : "",
});

const toPattern = (d: VarDraft) =>
  d.pattern === ""
    ? null
    : d.pattern === "custom"
      ? { regex: d.regex.trim(), ...(d.patternName.trim() ? { name: d.patternName.trim() } : {}) }
      : { preset: d.pattern };

/** The pattern select's choices: any value, the presets (`templates.form.presets.*`), or one's own regular expression. */
const patternChoices = (f: (key: string) => string) => [
  { value: "", label: f("any_value") },
  ...PRESET_NAMES.map((p) => ({
    value: p,
    label: `${f(`presets.${p}.name`)} (${f(`presets.${p}.hint`)})`,
  })),
  { value: "custom", label: f("custom_pattern") },
];

/** The variable as the save action takes it. */
export const toVariable = (d: VarDraft) => ({
  name: d.name.trim(),
  label: d.label,
  multiple: d.multiple,
  required: d.required,
  source:
    d.type === "list"
      ? {
          type: "list" as const,
          options: d.options
            .split("\n")
            .map((o) => o.trim())
            .filter(Boolean),
        }
      : { type: "http" as const, url: d.url.trim(), timeoutMs: Number(d.timeoutMs) },
  pattern: toPattern(d),
});

const emptyDraft = (): VarDraft => ({
  key: nextFormKey(),
  name: "",
  label: "",
  multiple: false,
  required: true,
  type: "list",
  options: "",
  url: "",
  timeoutMs: "5000",
  pattern: "",
  regex: "",
  patternName: "",
});

/**
 * The "Variables people choose" section of the template form: one fieldset per variable (name,
 * label, required/multiple, a fixed list or an HTTP source, an allowed pattern), Add and Remove.
 * `error(i, path)` is the message of variable i's field at `path` ("source.options"), if any.
 */
export function VariableEditor({
  variables,
  setVariables,
  error: varError,
  listError,
}: {
  variables: VarDraft[];
  setVariables: Dispatch<SetStateAction<VarDraft[]>>;
  error: (i: number, path: string) => string | undefined;
  listError?: string;
}) {
  const f = useTranslations("templates.form");
  const PATTERN_CHOICES = patternChoices(f);
  /** Why a custom expression cannot be used, in the reader's language (the engine's detail as it is). */
  const invalidRegex = (regex: string) => {
    const problem = regexProblem(regex);
    if (!problem) return undefined;
    return f("regex_invalid", { detail: problem.replace(/^Not a valid regular expression \((.*)\)\.$/, "$1") });
  };
  const updateVar = (i: number, patch: Partial<VarDraft>) =>
    setVariables((vs) => vs.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  return (
    <Section title={f("variables")} hint={f("variables_hint")}>
      {variables.length === 0 ? <p className="text-sm text-zinc-500">{f("no_variables")}</p> : null}
      {variables.map((v, i) => {
        const n = i + 1;
        return (
          <fieldset
            key={v.key}
            className="space-y-3 rounded-md border border-zinc-200 p-4"
            data-testid={`variable-${n}`}
          >
            <legend className="px-1 text-sm font-medium text-zinc-700">{f("variable", { n })}</legend>
            <div className="grid gap-3 md:grid-cols-[1fr_1fr_auto]">
              <TextField
                label={f("variable_name", { n })}
                value={v.name}
                onChange={(e) => updateVar(i, { name: e.target.value })}
                placeholder={f("variable_name_placeholder")}
                className="font-mono"
                error={varError(i, "name")}
              />
              <TextField
                label={f("variable_label", { n })}
                value={v.label}
                onChange={(e) => updateVar(i, { label: e.target.value })}
                placeholder={f("variable_label_placeholder")}
                error={varError(i, "label")}
              />
              <div className="pt-6">
                <Button
                  variant="ghost"
                  size="sm"
                  className="text-red-600"
                  aria-label={f("remove_variable", { n })}
                  onClick={() => setVariables((vs) => vs.filter((_, j) => j !== i))}
                >
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              </div>
            </div>
            <div className="flex flex-wrap gap-6">
              <Check label={f("required")} checked={v.required} onChange={(on) => updateVar(i, { required: on })} />
              <Check label={f("multiple")} checked={v.multiple} onChange={(on) => updateVar(i, { multiple: on })} />
            </div>
            <fieldset>
              <legend className="mb-1 text-sm font-medium text-zinc-700">{f("options_from", { n })}</legend>
              <div className="flex gap-4 text-sm">
                <label className="flex items-center gap-1.5">
                  <input
                    type="radio"
                    checked={v.type === "list"}
                    onChange={() => updateVar(i, { type: "list" })}
                    className="accent-indigo-600"
                  />
                  {f("fixed_list")}
                </label>
                <label className="flex items-center gap-1.5">
                  <input
                    type="radio"
                    checked={v.type === "http"}
                    onChange={() => updateVar(i, { type: "http" })}
                    className="accent-indigo-600"
                  />
                  {f("http_url")}
                </label>
              </div>
            </fieldset>
            {v.type === "list" ? (
              <TextAreaField
                label={f("options", { n })}
                rows={3}
                value={v.options}
                onChange={(e) => updateVar(i, { options: e.target.value })}
                className="font-mono text-xs"
                error={varError(i, "source.options")}
              />
            ) : (
              <div className="grid gap-3 md:grid-cols-[1fr_10rem]">
                <TextField
                  label={f("url", { n })}
                  type="url"
                  value={v.url}
                  onChange={(e) => updateVar(i, { url: e.target.value })}
                  placeholder={URL_EXAMPLE}
                  error={varError(i, "source.url")}
                />
                <TextField
                  label={f("timeout_ms")}
                  type="number"
                  min={100}
                  max={30000}
                  value={v.timeoutMs}
                  onChange={(e) => updateVar(i, { timeoutMs: e.target.value })}
                  error={varError(i, "source.timeoutMs")}
                />
              </div>
            )}
            <div className="grid gap-3 md:grid-cols-[1fr_1fr_1fr]">
              <SelectField
                label={f("pattern", { n })}
                value={v.pattern}
                onChange={(e) => updateVar(i, { pattern: e.target.value as VarDraft["pattern"] })}
                options={PATTERN_CHOICES}
                hint={f("pattern_hint")}
                error={v.pattern === "custom" ? undefined : varError(i, "pattern")}
              />
              {v.pattern === "custom" ? (
                <>
                  <TextField
                    label={f("regex", { n })}
                    value={v.regex}
                    onChange={(e) => updateVar(i, { regex: e.target.value })}
                    placeholder="[a-z]+-\d+"
                    className="font-mono"
                    hint={f("regex_hint")}
                    error={varError(i, "pattern") ?? (v.regex ? invalidRegex(v.regex) : undefined)}
                  />
                  <TextField
                    label={f("pattern_name", { n })}
                    value={v.patternName}
                    onChange={(e) => updateVar(i, { patternName: e.target.value })}
                    placeholder={f("pattern_name_placeholder")}
                    hint={f("pattern_name_hint")}
                  />
                </>
              ) : null}
            </div>
          </fieldset>
        );
      })}
      <FormError message={listError} />
      <Button variant="secondary" onClick={() => setVariables((vs) => [...vs, emptyDraft()])}>
        <Plus className="size-4" aria-hidden />
        {f("add_variable")}
      </Button>
    </Section>
  );
}
