"use client";

import { useRef } from "react";
import { runAction } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { createCategoryAction, deleteCategoryAction } from "./actions";

type Kind = "environment" | "purpose";
type Category = { id: string; kind: Kind; name: string };

const KINDS: { kind: Kind; title: string; hint: string; placeholder: string }[] = [
  {
    kind: "environment",
    title: "Environments",
    hint: "Where an order runs. The submit page shows one tab per environment.",
    placeholder: "PROD",
  },
  {
    kind: "purpose",
    title: "Purposes",
    hint: "What an order does. Templates are grouped by purpose inside each environment.",
    placeholder: "DeployDocker",
  },
];

export function CategoriesClient({ tenant, categories }: { tenant: string; categories: Category[] }) {
  return (
    <div className="grid gap-6 md:grid-cols-2">
      {KINDS.map((k) => (
        <CategoryCard key={k.kind} tenant={tenant} {...k} categories={categories.filter((c) => c.kind === k.kind)} />
      ))}
    </div>
  );
}

function CategoryCard({
  tenant,
  kind,
  title,
  hint,
  placeholder,
  categories,
}: {
  tenant: string;
  kind: Kind;
  title: string;
  hint: string;
  placeholder: string;
  categories: Category[];
}) {
  const ref = useRef<HTMLFormElement>(null);
  const form = useActionForm(createCategoryAction, {
    extra: { tenant, kind },
    successMessage: (d) => `"${d.name}" was added.`,
    onSuccess: () => ref.current?.reset(),
  });
  return (
    <Card className="flex flex-col" data-testid={`categories-${kind}`}>
      <div className="border-b border-zinc-200 p-5">
        <h2 className="text-sm font-semibold">{title}</h2>
        <p className="mt-1 text-sm text-zinc-500">{hint}</p>
      </div>
      {categories.length === 0 ? (
        <p className="px-5 py-6 text-sm text-zinc-500">None yet — add the first one below.</p>
      ) : (
        <ul className="divide-y divide-zinc-100">
          {categories.map((c) => (
            <li key={c.id} className="flex items-center justify-between gap-3 px-5 py-2.5 text-sm">
              <span className="font-medium">{c.name}</span>
              <ConfirmDialog
                trigger={
                  <Button variant="ghost" size="sm" className="text-red-600" aria-label={`Delete ${c.name}`}>
                    Delete
                  </Button>
                }
                title={`Delete "${c.name}"?`}
                description="Templates that use it must be moved to another category first; the server refuses otherwise."
                confirmLabel="Delete category"
                danger
                onConfirm={() => runAction(deleteCategoryAction({ tenant, id: c.id }), `"${c.name}" was deleted.`)}
              />
            </li>
          ))}
        </ul>
      )}
      <form
        ref={ref}
        onSubmit={form.onSubmit}
        noValidate
        className="mt-auto flex items-start gap-2 border-t border-zinc-200 p-5"
        aria-label={`Add ${kind} category`}
      >
        <div className="flex-1">
          <TextField
            label={`New ${kind}`}
            name="name"
            placeholder={placeholder}
            maxLength={40}
            error={form.fieldError("name")}
          />
        </div>
        <div className="pt-6">
          <Button type="submit" variant="secondary" pending={form.pending}>
            Add
          </Button>
        </div>
      </form>
      <div className="px-5 pb-4 empty:hidden">
        <FormError message={form.formError} />
      </div>
    </Card>
  );
}
