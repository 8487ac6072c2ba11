"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { signInAction, signInInvitedAction } from "../actions";

/** With `invite` (from an invitation link): signs in, accepts the invitation and opens its tenant. */
export function LoginForm({ invite, email }: { invite?: string; email?: string }) {
  const form = useActionForm(invite ? signInInvitedAction : signInAction, { extra: invite ? { invite } : undefined });
  return (
    <Card className="p-6">
      <h1 className="mb-4 text-lg font-semibold">Sign in</h1>
      <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
        <FormError message={form.formError} />
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="email"
          required
          autoFocus={!email}
          defaultValue={email}
          error={form.fieldError("email")}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          error={form.fieldError("password")}
        />
        <Button type="submit" pending={form.pending} className="w-full">
          Sign in
        </Button>
      </form>
      <p className="mt-4 text-center text-sm text-zinc-500">
        New to Opsdesk?{" "}
        <Link
          href={invite ? `/signup?invite=${encodeURIComponent(invite)}` : "/signup"}
          className="font-medium text-indigo-600 hover:underline"
        >
          Create an account
        </Link>
      </p>
    </Card>
  );
}
