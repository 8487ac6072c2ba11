"use client";

import { useTranslations } from "next-intl";
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

/** The two kinds; their titles and hints are `work-orders.categories.<kind>.*`. */
const KINDS: { kind: Kind; placeholder: string }[] = [
  { kind: "environment", placeholder: "PROD" },
  { kind: "purpose", placeholder: "DeployDocker" },
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
  placeholder,
  categories,
}: {
  tenant: string;
  kind: Kind;
  placeholder: string;
  categories: Category[];
}) {
  const t = useTranslations("work-orders.categories");
  const ref = useRef<HTMLFormElement>(null);
  const form = useActionForm(createCategoryAction, {
    extra: { tenant, kind },
    successMessage: (d) => t("added", { name: d.name }),
    onSuccess: () => ref.current?.reset(),
  });
  return (
    <Card className="flex flex-col" data-testid={`categories-${kind}`}>
      <div className="border-b border-zinc-200 p-5">
        <h2 className="text-sm font-semibold">{t(`${kind}.title`)}</h2>
        <p className="mt-1 text-sm text-zinc-500">{t(`${kind}.hint`)}</p>
      </div>
      {categories.length === 0 ? (
        <p className="px-5 py-6 text-sm text-zinc-500">{t("none_yet")}</p>
      ) : (
        <ul className="divide-y divide-zinc-100">
          {categories.map((c) => (
            <li key={c.id} className="flex items-center justify-between gap-3 px-5 py-2.5 text-sm">
              <span className="font-medium">{c.name}</span>
              <ConfirmDialog
                trigger={
                  <Button
                    variant="ghost"
                    size="sm"
                    className="text-red-600"
                    aria-label={t("delete_named", { name: c.name })}
                  >
                    {t("delete")}
                  </Button>
                }
                title={t("delete_title", { name: c.name })}
                description={t("delete_desc")}
                confirmLabel={t("delete_confirm")}
                danger
                onConfirm={() => runAction(deleteCategoryAction({ tenant, id: c.id }), t("deleted", { name: c.name }))}
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
        aria-label={t(`${kind}.add_label`)}
      >
        <div className="flex-1">
          <TextField
            label={t(`${kind}.new`)}
            name="name"
            placeholder={placeholder}
            maxLength={40}
            error={form.fieldError("name")}
          />
        </div>
        <div className="pt-6">
          <Button type="submit" variant="secondary" pending={form.pending}>
            {t("add")}
          </Button>
        </div>
      </form>
      <div className="px-5 pb-4 empty:hidden">
        <FormError message={form.formError} />
      </div>
    </Card>
  );
}
