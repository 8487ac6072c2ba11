"use client";

import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FormError, TextField } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { signUpAction, signUpInvitedAction } from "../actions";

/**
 * With `invitation` (from an invitation link): the invited email is filled in, and the new account
 * joins the inviting tenant instead of creating one.
 */
export function SignUpForm({ invitation }: { invitation?: { token: string; email: string; tenantName: string } }) {
  const form = useActionForm(invitation ? signUpInvitedAction : signUpAction, {
    extra: invitation ? { invite: invitation.token } : undefined,
  });
  return (
    <Card className="p-6">
      <h1 className="mb-4 text-lg font-semibold">Create your account</h1>
      {invitation ? (
        <p className="mb-4 text-sm text-zinc-600" data-testid="invitation-note">
          You are joining <strong>{invitation.tenantName}</strong>.
        </p>
      ) : null}
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
          defaultValue={invitation?.email}
          readOnly={Boolean(invitation)}
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
        {invitation ? null : (
          <TextField
            label="Team or company (your first tenant)"
            name="tenantName"
            required
            placeholder="Acme Platform"
            error={form.fieldError("tenantName")}
          />
        )}
        <Button type="submit" pending={form.pending} className="w-full">
          Create account
        </Button>
      </form>
      <p className="mt-4 text-center text-sm text-zinc-500">
        Already have an account?{" "}
        <Link
          href={invitation ? `/login?invite=${encodeURIComponent(invitation.token)}` : "/login"}
          className="font-medium text-indigo-600 hover:underline"
        >
          Sign in
        </Link>
      </p>
    </Card>
  );
}
