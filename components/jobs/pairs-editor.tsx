"use client";

import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { FormError, TextField } from "@/components/ui/field";
import { newPair, type Pair } from "./job-draft";

/**
 * An editable list of name/value rows: HTTP headers, secrets (`secret`: the value is a password
 * field, a stored one shows "set" and an empty value keeps it), parameters with defaults. A row's
 * messages come from `errorOf(name)` (the server names `secrets.TOKEN`, `config.headers.X`).
 */
export function PairsEditor({
  pairs,
  onChange,
  labels,
  secret = false,
  testid,
  errorOf,
  error,
}: {
  pairs: Pair[];
  onChange: (pairs: Pair[]) => void;
  labels: { name: string; value: string; add: string; remove: string; empty: string; namePlaceholder?: string };
  secret?: boolean;
  testid: string;
  errorOf?: (name: string, index: number) => string | undefined;
  error?: string;
}) {
  const t = useTranslations("jobs.form");
  const update = (i: number, patch: Partial<Pair>) => onChange(pairs.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <div className="space-y-2" data-testid={testid}>
      {pairs.length === 0 ? <p className="text-sm text-zinc-500">{labels.empty}</p> : null}
      {pairs.map((p, i) => (
        <div key={p.key} className="grid items-start gap-2 sm:grid-cols-[1fr_1.5fr_auto]">
          {p.stored ? (
            <div>
              <p className="text-sm font-medium text-zinc-700">{labels.name}</p>
              <p className="py-2 font-mono text-sm">
                {p.name}{" "}
                <span className="ml-1 rounded-full bg-emerald-100 px-2 py-0.5 font-sans text-xs text-emerald-800">
                  {t("secret_set")}
                </span>
              </p>
            </div>
          ) : (
            <TextField
              label={`${labels.name} ${i + 1}`}
              value={p.name}
              maxLength={100}
              className="font-mono"
              placeholder={labels.namePlaceholder}
              onChange={(e) => update(i, { name: e.target.value })}
              error={p.name.trim() ? errorOf?.(p.name.trim(), i) : undefined}
            />
          )}
          <TextField
            label={p.stored ? t("secret_replace", { name: p.name }) : `${labels.value} ${i + 1}`}
            type={secret ? "password" : "text"}
            autoComplete={secret ? "new-password" : "off"}
            value={p.value}
            placeholder={p.stored ? t("secret_keep") : ""}
            onChange={(e) => update(i, { value: e.target.value })}
            error={p.stored ? errorOf?.(p.name, i) : undefined}
          />
          <div className="sm:pt-6">
            <Button
              variant="ghost"
              size="sm"
              className="text-red-600"
              aria-label={`${labels.remove} ${p.name || i + 1}`}
              onClick={() => onChange(pairs.filter((_, j) => j !== i))}
            >
              <Trash2 className="size-4" aria-hidden />
            </Button>
          </div>
        </div>
      ))}
      <FormError message={error} />
      <Button variant="secondary" size="sm" onClick={() => onChange([...pairs, newPair()])}>
        <Plus className="size-4" aria-hidden />
        {labels.add}
      </Button>
    </div>
  );
}
