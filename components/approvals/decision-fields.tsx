"use client";

import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { TextAreaField } from "@/components/ui/text-area";
import type { useActionForm } from "@/components/ui/use-action-form";

type ActionForm = ReturnType<typeof useActionForm>;

/**
 * One comment box, two decisions: approve (the comment optional) or reject (the comment is the
 * reason, required), for whatever is being decided (an order, a flow's gate). The caller owns the
 * two action forms and the comment; Reject submits a second, hidden form of its own.
 */
export function DecisionFields({
  approve,
  reject,
  comment,
  onComment,
  formId,
  labels,
  ariaLabel,
}: {
  approve: ActionForm;
  reject: ActionForm;
  comment: string;
  onComment: (comment: string) => void;
  /** The hidden reject form's id (unique on the page). */
  formId: string;
  labels: { comment: string; approve: string; reject: string };
  ariaLabel?: string;
}) {
  return (
    <>
      <form noValidate onSubmit={approve.onSubmit} className="space-y-3" aria-label={ariaLabel}>
        <TextAreaField
          label={labels.comment}
          rows={3}
          maxLength={2000}
          value={comment}
          onChange={(e) => onComment(e.target.value)}
          error={reject.fieldError("reason") ?? approve.fieldError("comment")}
        />
        <FormError message={approve.formError ?? reject.formError} />
        <div className="flex gap-2">
          <Button type="submit" pending={approve.pending} disabled={reject.pending} className="flex-1">
            {labels.approve}
          </Button>
          <Button
            type="submit"
            form={formId}
            variant="danger"
            pending={reject.pending}
            disabled={approve.pending}
            className="flex-1"
          >
            {labels.reject}
          </Button>
        </div>
      </form>
      <form id={formId} noValidate onSubmit={reject.onSubmit} hidden />
    </>
  );
}
