"use client";

import { useTranslations } from "next-intl";
import { TextField } from "@/components/ui/field";

/**
 * A duration typed in seconds (sent in milliseconds). The server's refusal is of the milliseconds
 * ("At least 1,000."), so a refused value is told in this field's own unit instead.
 */
export function SecondsField({
  label,
  value,
  onChange,
  error,
  min = 1,
  max,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  min?: number;
  max: number;
}) {
  const t = useTranslations("jobs.form");
  return (
    <TextField
      label={label}
      type="number"
      min={min}
      max={max}
      step="any"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      hint={t("seconds_hint", { min, max })}
      error={error ? t("seconds_range", { min, max }) : undefined}
    />
  );
}
