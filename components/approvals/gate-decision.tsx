"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { approveGateAction, rejectGateAction } from "@/app/(app)/t/[tenant]/approvals/actions";
import { ActionDialog } from "@/components/ui/action-dialog";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/ui/use-action-form";
import { DecisionFields } from "./decision-fields";

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
  return (
    <DecisionFields
      approve={approve}
      reject={reject}
      comment={comment}
      onComment={setComment}
      formId={`reject-gate-${runNodeId}`}
      labels={{ comment: t("gate_comment"), approve: t("gate_approve"), reject: t("gate_reject") }}
    />
  );
}
