"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { signUpAction } from "../actions";

export function SignUpForm() {
  const form = useActionForm(signUpAction);
  return (
    <Card className="p-6">
      <h1 className="mb-4 text-lg font-semibold">Create your account</h1>
      <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
        <FormError message={form.formError} />
        <TextField
          label="Your name"
          name="name"
          autoComplete="name"
          required
          autoFocus
          error={form.fieldError("name")}
        />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          error={form.fieldError("email")}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          hint="At least 10 characters."
          error={form.fieldError("password")}
        />
        <TextField
          label="Team or company (your first tenant)"
          name="tenantName"
          required
          placeholder="Acme Platform"
          error={form.fieldError("tenantName")}
        />
        <Button type="submit" pending={form.pending} className="w-full">
          Create account
        </Button>
      </form>
      <p className="mt-4 text-center text-sm text-zinc-500">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-indigo-600 hover:underline">
          Sign in
        </Link>
      </p>
    </Card>
  );
}
