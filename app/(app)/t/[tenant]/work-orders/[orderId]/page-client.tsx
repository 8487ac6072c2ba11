"use client";

import { Bell, BellOff } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useAction } from "next-safe-action/hooks";
import { useState } from "react";
import { DecisionFields } from "@/components/approvals/decision-fields";
import { ActionDialog } from "@/components/ui/action-dialog";
import { toastOutcome as settle } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError, SelectField } from "@/components/ui/field";
import { TextAreaField } from "@/components/ui/text-area";
import { useActionForm } from "@/components/ui/use-action-form";
import { LiveOutput } from "@/components/work-orders/live-output";
import { muteOrderAction } from "../../notifications/actions";
import {
  addApproverAction,
  approveAction,
  cancelExecutionAction,
  executeAction,
  rejectAction,
  transferAction,
  urgeAction,
  withdrawAction,
} from "./actions";

type Member = { userId: string; name: string; email: string };
/** An execution as the Run again dialog names it: when (formatted), by whom, its status. */
export type LastRun = { at: string; by: string; status: string };

/** What the viewer may do with this order, given their role and the order's state. */
export function OrderActions({
  tenant,
  orderId,
  orderNumber,
  commandPreview,
  decide,
  addApprover,
  requester,
  execute,
  lastRun,
  outsideWindow,
  members,
}: {
  tenant: string;
  orderId: string;
  orderNumber: number;
  commandPreview: string;
  decide: boolean;
  addApprover: boolean;
  requester: boolean;
  execute: boolean;
  /** The order's latest execution, once it ran: then the action is Run again, which names it. */
  lastRun: LastRun | null;
  outsideWindow: string | null;
  members: Member[];
}) {
  const router = useRouter();
  const t = useTranslations("work-orders");
  const ta = useTranslations("work-orders.order.actions");
  const urge = useAction(urgeAction);
  const start = async () => {
    const result = await executeAction({ tenant, orderId });
    if (!settle(result, ta("queued"))) return false;
    const id = (result?.data as { executionId?: string } | undefined)?.executionId;
    if (id) router.replace(`/t/${tenant}/work-orders/${orderId}?execution=${id}`, { scroll: false });
    return true;
  };
  if (!decide && !addApprover && !requester && !execute) return null;
  return (
    <Card className="space-y-4 p-5" data-testid="order-actions">
      <h2 className="text-sm font-semibold">{ta("heading")}</h2>
      {decide ? <DecisionForm tenant={tenant} orderId={orderId} /> : null}
      {decide || addApprover ? (
        <div className="flex flex-wrap gap-2">
          {decide ? (
            <MemberDialog
              kind="transfer"
              tenant={tenant}
              orderId={orderId}
              members={members}
              title={ta("transfer_title")}
              description={ta("transfer_desc")}
            />
          ) : null}
          {addApprover ? (
            <MemberDialog
              kind="add"
              tenant={tenant}
              orderId={orderId}
              members={members}
              title={ta("add_title")}
              description={ta("add_desc")}
            />
          ) : null}
        </div>
      ) : null}
      {execute ? (
        <div className="space-y-2">
          {outsideWindow ? (
            <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
              {ta("outside_window", { window: outsideWindow })}
            </p>
          ) : null}
          {lastRun ? (
            <ConfirmDialog
              trigger={
                <Button variant="secondary" className="w-full">
                  {t("run_again")}
                </Button>
              }
              title={t("run_again_title", { number: String(orderNumber) })}
              description={
                <>
                  <p data-testid="last-run">
                    {t("last_run", { when: lastRun.at, who: lastRun.by, result: t(`run_result.${lastRun.status}`) })}
                  </p>
                  <p className="mt-2">{t("run_again_command")}</p>
                  <pre className="mt-2 max-h-40 overflow-auto whitespace-pre-wrap break-all rounded-md bg-zinc-900 px-3 py-2 font-mono text-xs text-zinc-100">
                    {commandPreview}
                  </pre>
                </>
              }
              confirmLabel={t("run_again")}
              onConfirm={start}
            />
          ) : (
            <ConfirmDialog
              trigger={<Button className="w-full">{ta("execute")}</Button>}
              title={ta("execute_title", { number: String(orderNumber) })}
              description={
                <>
                  <p>{ta("runs_now")}</p>
                  <pre className="mt-2 max-h-40 overflow-auto whitespace-pre-wrap break-all rounded-md bg-zinc-900 px-3 py-2 font-mono text-xs text-zinc-100">
                    {commandPreview}
                  </pre>
                </>
              }
              confirmLabel={ta("execute")}
              onConfirm={start}
            />
          )}
        </div>
      ) : null}
      {requester ? (
        <div
          className={cn("flex flex-wrap gap-2", (decide || addApprover || execute) && "border-t border-zinc-100 pt-4")}
        >
          <Button
            variant="secondary"
            pending={urge.isPending}
            onClick={async () => {
              const result = await urge.executeAsync({ tenant, orderId });
              const n = (result?.data as { approvers?: number } | undefined)?.approvers ?? 0;
              settle(result, ta("urged", { count: n }));
            }}
          >
            {ta("urge")}
          </Button>
          <ConfirmDialog
            trigger={
              <Button variant="ghost" className="text-red-600">
                {ta("withdraw")}
              </Button>
            }
            title={ta("withdraw_title", { number: String(orderNumber) })}
            description={ta("withdraw_desc")}
            confirmLabel={ta("withdraw_confirm")}
            danger
            onConfirm={async () => settle(await withdrawAction({ tenant, orderId }), ta("withdrawn"))}
          />
        </div>
      ) : null}
    </Card>
  );
}

/** An order's decision: the shared approve / reject fields (components/approvals/decision-fields.tsx). */
function DecisionForm({ tenant, orderId }: { tenant: string; orderId: string }) {
  const ta = useTranslations("work-orders.order.actions");
  const [comment, setComment] = useState("");
  const approve = useActionForm(approveAction, {
    extra: { tenant, orderId, comment },
    successMessage: ta("approved"),
    onSuccess: () => setComment(""),
  });
  const reject = useActionForm(rejectAction, {
    extra: { tenant, orderId, reason: comment },
    successMessage: ta("rejected"),
    onSuccess: () => setComment(""),
  });
  return (
    <DecisionFields
      approve={approve}
      reject={reject}
      comment={comment}
      onComment={setComment}
      formId={`reject-${orderId}`}
      labels={{ comment: ta("comment_reject"), approve: ta("approve"), reject: ta("reject") }}
      ariaLabel={ta("decision")}
    />
  );
}

function MemberDialog({
  kind,
  tenant,
  orderId,
  members,
  title,
  description,
}: {
  kind: "transfer" | "add";
  tenant: string;
  orderId: string;
  members: Member[];
  title: string;
  description: string;
}) {
  const ta = useTranslations("work-orders.order.actions");
  return (
    <ActionDialog
      title={title}
      description={description}
      trigger={
        <Button variant="secondary" size="sm">
          {kind === "transfer" ? ta("transfer_button") : ta("add_button")}
        </Button>
      }
    >
      {(close) => <MemberForm kind={kind} tenant={tenant} orderId={orderId} members={members} close={close} />}
    </ActionDialog>
  );
}

function MemberForm({
  kind,
  tenant,
  orderId,
  members,
  close,
}: {
  kind: "transfer" | "add";
  tenant: string;
  orderId: string;
  members: Member[];
  close: () => void;
}) {
  const ta = useTranslations("work-orders.order.actions");
  const form = useActionForm(kind === "transfer" ? transferAction : addApproverAction, {
    extra: { tenant, orderId },
    successMessage: kind === "transfer" ? ta("transferred") : ta("added"),
    onSuccess: close,
  });
  return (
    <form noValidate onSubmit={form.onSubmit} className="space-y-4">
      <SelectField
        label={kind === "transfer" ? ta("transfer_to") : ta("approver_to_add")}
        name="toUserId"
        defaultValue=""
        options={[
          { value: "", label: ta("choose_member") },
          ...members.map((m) => ({ value: m.userId, label: `${m.name} (${m.email})` })),
        ]}
        error={form.fieldError("toUserId")}
      />
      <TextAreaField
        label={ta("comment_optional")}
        name="comment"
        rows={2}
        maxLength={2000}
        error={form.fieldError("comment")}
      />
      <FormError message={form.formError} />
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={close}>
          {ta("cancel")}
        </Button>
        <Button type="submit" pending={form.pending}>
          {kind === "transfer" ? ta("transfer") : ta("add")}
        </Button>
      </div>
    </form>
  );
}

/** The selected execution's live output, with Cancel for whoever started it (or an admin). */
export function ExecutionPanel({
  tenant,
  executionId,
  initialStatus,
  canCancel,
}: {
  tenant: string;
  executionId: string;
  initialStatus: string;
  canCancel: boolean;
}) {
  const ta = useTranslations("work-orders.order.actions");
  return (
    <LiveOutput
      tenant={tenant}
      executionId={executionId}
      initialStatus={initialStatus}
      cancel={
        canCancel
          ? async () => settle(await cancelExecutionAction({ tenant, executionId }), ta("cancel_requested"))
          : undefined
      }
    />
  );
}

/** Mutes (or unmutes) this order's notifications for the viewer; approval requests still reach them. */
export function MuteToggle({ tenant, orderId, muted }: { tenant: string; orderId: string; muted: boolean }) {
  const ta = useTranslations("work-orders.order.actions");
  const mute = useAction(muteOrderAction);
  return (
    <Button
      variant="secondary"
      size="sm"
      pending={mute.isPending}
      title={muted ? ta("muted_title") : ta("unmuted_title")}
      onClick={async () => {
        const result = await mute.executeAsync({ tenant, orderId, muted: !muted });
        settle(result, muted ? ta("unmuted_toast") : ta("muted_toast"));
      }}
    >
      {muted ? <Bell className="size-4" aria-hidden /> : <BellOff className="size-4" aria-hidden />}
      {muted ? ta("unmute") : ta("mute")}
    </Button>
  );
}
