"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { newPair, type Pair } from "@/components/jobs/job-draft";
import { PairsEditor } from "@/components/jobs/pairs-editor";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import type { FlowSettings } from "@/lib/flows/catalog";

/**
 * A flow's own settings: its parameters with defaults (`{params.Name}` in nodes, asked by Run now),
 * how many nodes run at once, and the whole run's timeout (minutes; empty = none).
 */
export function FlowSettingsForm({
  settings,
  onChange,
  readOnly = false,
  error,
}: {
  settings: FlowSettings;
  onChange: (settings: FlowSettings) => void;
  readOnly?: boolean;
  /** The server's refusal when it is about the settings. */
  error?: string;
}) {
  const t = useTranslations("flows.settings");
  const [pairs, setPairs] = useState<Pair[]>(() => settings.parameters.map((p) => newPair(p.name, p.default)));
  const [timeout, setTimeoutText] = useState(settings.timeoutMs === null ? "" : String(settings.timeoutMs / 60_000));
  return (
    <Card className="p-5" data-testid="flow-settings">
      <fieldset className="space-y-4" disabled={readOnly}>
        <legend className="text-base font-semibold text-zinc-900">{t("title")}</legend>
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-zinc-700">{t("parameters")}</legend>
          <PairsEditor
            testid="flow-parameters"
            pairs={pairs}
            onChange={(next) => {
              setPairs(next);
              onChange({
                ...settings,
                parameters: next.filter((p) => p.name.trim()).map((p) => ({ name: p.name.trim(), default: p.value })),
              });
            }}
            labels={{
              name: t("param_name"),
              value: t("param_default"),
              add: t("param_add"),
              remove: t("param_remove"),
              empty: t("params_none"),
            }}
          />
          <p className="mt-1 text-xs text-zinc-500">{t("params_hint", { example: "{params.Name}" })}</p>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label={t("parallelism")}
            type="number"
            min={1}
            max={50}
            value={String(settings.parallelism)}
            hint={t("parallelism_hint")}
            onChange={(e) => {
              const n = Number.parseInt(e.target.value, 10);
              onChange({ ...settings, parallelism: Number.isFinite(n) ? Math.max(1, Math.min(50, n)) : 1 });
            }}
          />
          <TextField
            label={t("timeout")}
            type="number"
            min={1}
            max={43_200}
            step="any"
            value={timeout}
            placeholder={t("timeout_none")}
            hint={t("timeout_hint")}
            onChange={(e) => {
              setTimeoutText(e.target.value);
              const m = Number(e.target.value);
              onChange({
                ...settings,
                timeoutMs:
                  e.target.value.trim() === "" || !Number.isFinite(m) || m <= 0 ? null : Math.round(m * 60_000),
              });
            }}
          />
        </div>
        {error ? (
          <p role="alert" className="text-sm text-red-600">
            {error}
          </p>
        ) : null}
      </fieldset>
    </Card>
  );
}
