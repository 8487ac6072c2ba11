"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { runAction } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ErrorSummary, FormError, TextField } from "@/components/ui/field";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { TextAreaField } from "@/components/ui/text-area";
import { useActionForm } from "@/components/ui/use-action-form";
import type { Permission } from "@/lib/permissions";
import { deleteRoleAction, saveRoleAction } from "../actions";

/** A grantable permission as the reader reads it (messages/<locale>/permissions.json). */
type CatalogEntry = { key: Permission; label: string; description: string; group: string };
type RoleRow = {
  id: string;
  key: string;
  /** As stored (a custom role's own name; the built-in ones' English name). */
  name: string;
  /** As shown: a built-in role's name in the reader's language. */
  label: string;
  description: string;
  builtin: boolean;
  permissions: Permission[];
  members: number;
};

export function RolesClient({
  tenant,
  canManage,
  catalog,
  roles,
}: {
  tenant: string;
  canManage: boolean;
  catalog: CatalogEntry[];
  roles: RoleRow[];
}) {
  const t = useTranslations("members.roles");
  const [editing, setEditing] = useState<RoleRow | "new" | null>(null);
  return (
    <div className="space-y-6">
      {canManage ? (
        editing ? (
          <RoleForm
            key={editing === "new" ? "new" : editing.id}
            tenant={tenant}
            catalog={catalog}
            role={editing === "new" ? null : editing}
            onDone={() => setEditing(null)}
          />
        ) : (
          <Button onClick={() => setEditing("new")}>{t("new")}</Button>
        )
      ) : null}
      <Card>
        <Table caption={t("caption")}>
          <THead>
            <Th>{t("role")}</Th>
            <Th>{t("permissions")}</Th>
            <Th>{t("members")}</Th>
            <Th>
              <span className="sr-only">{t("actions")}</span>
            </Th>
          </THead>
          <TBody>
            {roles.map((r) => (
              <Tr key={r.id} className="align-top" data-testid={`role-${r.name}`}>
                <Td>
                  <p className="font-medium">
                    {r.label} {r.builtin ? <Badge>{t("builtin")}</Badge> : null}
                  </p>
                  {r.description ? <p className="text-zinc-500">{r.description}</p> : null}
                </Td>
                <Td className="text-zinc-600">
                  {r.permissions.length === catalog.length
                    ? t("everything")
                    : catalog
                        .filter((c) => r.permissions.includes(c.key))
                        .map((c) => c.label)
                        .join(t("separator")) || "—"}
                </Td>
                <Td className="text-zinc-600">{r.members}</Td>
                <Td className="text-right">
                  {canManage && !r.builtin ? (
                    <div className="flex justify-end gap-2">
                      <Button variant="secondary" size="sm" onClick={() => setEditing(r)}>
                        {t("edit")}
                      </Button>
                      <ConfirmDialog
                        trigger={
                          <Button variant="ghost" size="sm" className="text-red-600">
                            {t("delete")}
                          </Button>
                        }
                        title={t("delete_title", { name: r.name })}
                        description={t("delete_description")}
                        confirmLabel={t("delete_confirm")}
                        danger
                        onConfirm={() =>
                          runAction(deleteRoleAction({ tenant, id: r.id }), t("deleted", { name: r.name }))
                        }
                      />
                    </div>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Card>
    </div>
  );
}

function RoleForm({
  tenant,
  catalog,
  role,
  onDone,
}: {
  tenant: string;
  catalog: CatalogEntry[];
  role: RoleRow | null;
  onDone: () => void;
}) {
  const t = useTranslations("members.roles");
  const [permissions, setPermissions] = useState<Permission[]>(role?.permissions ?? []);
  const form = useActionForm(saveRoleAction, {
    extra: { tenant, permissions, ...(role ? { id: role.id } : {}) },
    labels: { name: t("label_name"), description: t("label_description"), permissions: t("label_permissions") },
    successMessage: role ? t("saved") : t("created"),
    onSuccess: onDone,
  });
  const groups = [...new Set(catalog.map((c) => c.group))];
  return (
    <Card className="p-5">
      <h2 className="mb-3 text-sm font-semibold">{role ? t("edit_title", { name: role.name }) : t("new_title")}</h2>
      <form onSubmit={form.onSubmit} noValidate className="space-y-4">
        <div className="grid gap-3 md:grid-cols-2">
          <TextField label={t("name")} name="name" defaultValue={role?.name} error={form.fieldError("name")} />
          <TextAreaField
            label={t("description_field")}
            name="description"
            rows={2}
            defaultValue={role?.description}
            error={form.fieldError("description")}
          />
        </div>
        <fieldset aria-describedby={form.fieldError("permissions") ? "role-permissions-error" : undefined}>
          <legend className="mb-2 text-sm font-medium text-zinc-700">{t("permissions")}</legend>
          <div className="grid gap-4 md:grid-cols-2">
            {groups.map((g) => (
              <div key={g}>
                <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-zinc-500">{g}</p>
                {catalog
                  .filter((c) => c.group === g)
                  .map((c) => (
                    <label key={c.key} className="flex items-start gap-2 py-1 text-sm">
                      <input
                        type="checkbox"
                        checked={permissions.includes(c.key)}
                        onChange={(e) =>
                          setPermissions((ps) => (e.target.checked ? [...ps, c.key] : ps.filter((p) => p !== c.key)))
                        }
                        className="mt-0.5 accent-indigo-600"
                      />
                      <span>
                        <span className="font-medium">{c.label}</span>
                        <span className="block text-zinc-500">{c.description}</span>
                      </span>
                    </label>
                  ))}
              </div>
            ))}
          </div>
          {form.fieldError("permissions") ? (
            <p id="role-permissions-error" role="alert" className="mt-1 text-sm text-red-600">
              {form.fieldError("permissions")}
            </p>
          ) : null}
        </fieldset>
        {form.errors.length > 1 ? <ErrorSummary errors={form.errors} /> : <FormError message={form.formError} />}
        <div className="flex gap-2">
          <Button type="submit" pending={form.pending}>
            {role ? t("save") : t("create")}
          </Button>
          <Button variant="secondary" onClick={onDone}>
            {t("cancel")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
