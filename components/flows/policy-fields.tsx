"use client";

import { useTranslations } from "next-intl";
import { SelectField, TextField } from "@/components/ui/field";
import { DEFAULT_NODE_POLICY, type NodePolicy, ON_FAILURE, TIMEOUT_ACTIONS } from "@/lib/flows/catalog";

const seconds = (ms: number | null) => (ms === null ? "" : String(ms / 1000));
const int = (text: string, fallback: number) => {
  const n = Number.parseInt(text, 10);
  return Number.isFinite(n) ? n : fallback;
};

/**
 * Every executable node's policy: what its failure does to the flow, its timeout and what passing
 * it does, and its retries with their delay.
 */
export function PolicyFields({
  policy = DEFAULT_NODE_POLICY,
  onChange,
}: {
  policy?: NodePolicy;
  onChange: (policy: NodePolicy) => void;
}) {
  const t = useTranslations("flows.policy");
  const set = (patch: Partial<NodePolicy>) => onChange({ ...policy, ...patch });
  return (
    <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3" data-testid="policy-fields">
      <legend className="px-1 text-sm font-medium text-zinc-700">{t("title")}</legend>
      <SelectField
        label={t("on_failure")}
        value={policy.onFailure}
        options={ON_FAILURE.map((v) => ({ value: v, label: t(`on_failure_${v}`) }))}
        onChange={(e) => set({ onFailure: e.target.value as NodePolicy["onFailure"] })}
        hint={t(`on_failure_${policy.onFailure}_hint`)}
      />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField
          label={t("timeout")}
          type="number"
          min={1}
          max={86_400}
          step="any"
          placeholder={t("timeout_none")}
          value={seconds(policy.timeoutMs)}
          hint={t("timeout_hint")}
          onChange={(e) => {
            const s = Number(e.target.value);
            set({ timeoutMs: e.target.value.trim() === "" || !Number.isFinite(s) ? null : Math.round(s * 1000) });
          }}
        />
        <SelectField
          label={t("timeout_action")}
          value={policy.timeoutAction}
          options={TIMEOUT_ACTIONS.map((v) => ({ value: v, label: t(`timeout_${v}`) }))}
          onChange={(e) => set({ timeoutAction: e.target.value as NodePolicy["timeoutAction"] })}
        />
        <TextField
          label={t("retries")}
          type="number"
          min={0}
          max={10}
          value={String(policy.retries)}
          onChange={(e) => set({ retries: Math.max(0, Math.min(10, int(e.target.value, 0))) })}
        />
        <TextField
          label={t("retry_delay")}
          type="number"
          min={0}
          max={86_400}
          step="any"
          value={seconds(policy.retryDelayMs)}
          hint={t("seconds")}
          onChange={(e) => {
            const s = Number(e.target.value);
            set({ retryDelayMs: Number.isFinite(s) && s >= 0 ? Math.round(s * 1000) : 0 });
          }}
        />
      </div>
    </fieldset>
  );
}
