"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { decideByLinkAction } from "./actions";

const OUTCOME = {
  approved: "The order is approved.",
  rejected: "The order is rejected.",
  pending: "The order now waits for the other approvers.",
} as const;

/** Confirm step: nothing changes until this form is submitted (a POST to the server action). */
export function ConfirmForm({ token, action }: { token: string; action: "approve" | "reject" }) {
  const [done, setDone] = useState<keyof typeof OUTCOME | null>(null);
  const form = useActionForm(decideByLinkAction, {
    extra: { token, decision: action },
    onSuccess: (data) => setDone(data.status),
  });
  if (done) {
    return (
      <div role="status" data-testid="link-done" className="rounded-md border border-green-200 bg-green-50 p-4">
        <p className="font-medium text-green-800">
          {action === "approve" ? "You approved the order." : "You rejected the order."}
        </p>
        <p className="text-sm text-green-700">{OUTCOME[done]} You can close this page.</p>
      </div>
    );
  }
  const reject = action === "reject";
  return (
    <form onSubmit={form.onSubmit} noValidate className="space-y-4">
      <FormError message={form.formError} />
      <Field label={reject ? "Reason (required)" : "Comment (optional)"} error={form.fieldError("comment")}>
        {(id, describedBy) => (
          <textarea
            id={id}
            name="comment"
            rows={3}
            maxLength={2000}
            aria-invalid={form.fieldError("comment") ? true : undefined}
            aria-describedby={describedBy}
            className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-xs focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200"
          />
        )}
      </Field>
      <Button type="submit" variant={reject ? "danger" : "primary"} pending={form.pending}>
        {reject ? "Confirm rejection" : "Confirm approval"}
      </Button>
    </form>
  );
}
