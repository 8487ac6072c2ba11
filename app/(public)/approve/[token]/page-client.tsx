"use client";

import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { useActionForm } from "@/components/ui/use-action-form";
import { decideByLinkAction } from "./actions";

type Done = {
  outcome: "approved" | "rejected" | "next_level" | "waiting";
  nextLevel: { number: number; name: string } | null;
};

/**
 * The link's subject (a work order or a flow gate) and its confirm step: nothing changes until the form is submitted (a POST to
 * the server action). Once it is, the page says what the decision did, from the server's answer:
 * the order approved, rejected, moved on to level N, or still waiting for this level's others.
 */
export function LinkDecision({
  token,
  action,
  noun,
  heading,
  doneHeading,
  subtitle,
  children,
}: {
  token: string;
  action: "approve" | "reject";
  /** What the link decides on: the outcome's wording follows it. */
  noun: "order" | "gate";
  /** "Approve order #12?", and once decided "You approved order #12." */
  heading: string;
  doneHeading: string;
  /** Tenant, approver and level, under the heading. */
  subtitle: string;
  /** The order's details (shown until the decision is made). */
  children: ReactNode;
}) {
  const t = useTranslations("approvals.link");
  const outcome = (key: "approved" | "rejected" | "waiting") =>
    t(noun === "gate" ? `gate_outcome_${key}` : `outcome_${key}`);
  const [done, setDone] = useState<Done | null>(null);
  const form = useActionForm(decideByLinkAction, {
    extra: { token, decision: action },
    onSuccess: (data: Done) => setDone({ outcome: data.outcome, nextLevel: data.nextLevel }),
  });
  const reject = action === "reject";
  const decision = reject ? "rejected" : "approved";
  if (done) {
    return (
      <>
        <div>
          <h1 className="text-lg font-semibold" data-testid="link-heading">
            {doneHeading}
          </h1>
          <p className="text-sm text-zinc-500">{subtitle}</p>
        </div>
        <div role="status" data-testid="link-done" className="rounded-md border border-green-200 bg-green-50 p-4">
          <p className="font-medium text-green-800">
            {noun === "gate" ? t("gate_you_decided", { decision }) : t("you_decided", { decision })}
          </p>
          <p className="text-sm text-green-700" data-testid="link-outcome">
            {done.outcome === "next_level" && done.nextLevel
              ? t("outcome_next_level", { number: done.nextLevel.number, name: done.nextLevel.name })
              : done.outcome === "approved"
                ? outcome("approved")
                : done.outcome === "rejected"
                  ? outcome("rejected")
                  : outcome("waiting")}
          </p>
          <p className="mt-1 text-sm text-green-700">{t("close")}</p>
        </div>
      </>
    );
  }
  return (
    <>
      <div>
        <h1 className="text-lg font-semibold" data-testid="link-heading">
          {heading}
        </h1>
        <p className="text-sm text-zinc-500">{subtitle}</p>
      </div>
      {children}
      <form onSubmit={form.onSubmit} noValidate className="space-y-4">
        <FormError message={form.formError} />
        <Field label={reject ? t("reason") : t("comment")} error={form.fieldError("comment")}>
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
          {reject ? t("confirm_reject") : t("confirm_approve")}
        </Button>
      </form>
    </>
  );
}
