"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { approveGateAction, rejectGateAction } from "@/app/(app)/t/[tenant]/approvals/actions";
import { ActionDialog } from "@/components/ui/action-dialog";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { TextAreaField } from "@/components/ui/text-area";
import { useActionForm } from "@/components/ui/use-action-form";

/**
 * The inbox's decision on a flow run's approval gate: approve (comment optional) or reject (a
 * reason required), in a dialog. The engine decides as for the emailed link: a gate already
 * decided, timed out or cancelled is refused with the reason, and the row leaves the inbox.
 */
export function GateDecision({ tenant, runNodeId, gateName }: { tenant: string; runNodeId: string; gateName: string }) {
  const t = useTranslations("approvals.inbox");
  return (
    <ActionDialog
      title={t("gate_decide_title", { gate: gateName })}
      description={t("gate_decide_description")}
      trigger={
        <Button variant="secondary" size="sm">
          {t("gate_decide")}
        </Button>
      }
    >
      {(close) => <GateDecisionForm tenant={tenant} runNodeId={runNodeId} close={close} />}
    </ActionDialog>
  );
}

function GateDecisionForm({ tenant, runNodeId, close }: { tenant: string; runNodeId: string; close: () => void }) {
  const t = useTranslations("approvals.inbox");
  const [comment, setComment] = useState("");
  const approve = useActionForm(approveGateAction, {
    extra: { tenant, runNodeId, comment },
    successMessage: t("gate_approved"),
    onSuccess: close,
  });
  const reject = useActionForm(rejectGateAction, {
    extra: { tenant, runNodeId, reason: comment },
    successMessage: t("gate_rejected"),
    onSuccess: close,
  });
  const formId = `reject-gate-${runNodeId}`;
  return (
    <>
      <form noValidate onSubmit={approve.onSubmit} className="space-y-3">
        <TextAreaField
          label={t("gate_comment")}
          rows={3}
          maxLength={2000}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          error={reject.fieldError("reason") ?? approve.fieldError("comment")}
        />
        <FormError message={approve.formError ?? reject.formError} />
        <div className="flex gap-2">
          <Button type="submit" pending={approve.pending} disabled={reject.pending} className="flex-1">
            {t("gate_approve")}
          </Button>
          <Button
            type="submit"
            form={formId}
            variant="danger"
            pending={reject.pending}
            disabled={approve.pending}
            className="flex-1"
          >
            {t("gate_reject")}
          </Button>
        </div>
      </form>
      <form id={formId} noValidate onSubmit={reject.onSubmit} hidden />
    </>
  );
}
