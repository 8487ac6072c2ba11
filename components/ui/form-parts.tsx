"use client";

import type { ReactNode } from "react";
import { Card } from "@/components/ui/card";

let key = 1;
/** A fresh React key for a row added to a form (variables, headers, secrets). */
export const nextFormKey = () => key++;

/** One titled card of a long form (the template form, the job form). */
export function Section({ title, hint, children }: { title: string; hint?: ReactNode; children: ReactNode }) {
  return (
    <Card className="p-5">
      <h2 className="text-sm font-semibold">{title}</h2>
      {hint ? <p className="mt-1 text-sm text-zinc-500">{hint}</p> : null}
      <div className="mt-4 space-y-4">{children}</div>
    </Card>
  );
}

/** A labelled checkbox (or switch), with an optional hint under its label. */
export function Check({
  label,
  checked,
  onChange,
  role,
  hint,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  role?: "switch";
  hint?: string;
}) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input
        type="checkbox"
        role={role}
        aria-checked={role ? checked : undefined}
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        className="mt-0.5 accent-indigo-600"
      />
      <span>
        <span className="font-medium text-zinc-800">{label}</span>
        {hint ? <span className="block text-zinc-500">{hint}</span> : null}
      </span>
    </label>
  );
}
