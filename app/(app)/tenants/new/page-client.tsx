"use client";

import { createTenantAction } from "@/app/(auth)/actions";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";

export function CreateTenantForm() {
  const form = useActionForm(createTenantAction);
  return (
    <Card className="p-6">
      <h1 className="mb-1 text-lg font-semibold">Create a tenant</h1>
      <p className="mb-4 text-sm text-zinc-500">
        A tenant is a separate workspace with its own members, apps and orders. You will own it.
      </p>
      <form onSubmit={form.onSubmit} noValidate className="space-y-4">
        <FormError message={form.formError} />
        <TextField
          label="Tenant name"
          name="name"
          required
          autoFocus
          placeholder="Payments Team"
          error={form.fieldError("name")}
        />
        <Button type="submit" pending={form.pending} className="w-full">
          Create tenant
        </Button>
      </form>
    </Card>
  );
}
