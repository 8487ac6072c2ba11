"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { toastFailure } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { rerunRunAction } from "./actions";

/** "Re-run" for a failed run: a new run of the same function with the same event. */
export function RerunButton({ tenant, runId, functionName }: { tenant: string; runId: string; functionName: string }) {
  const t = useTranslations("runs.rerun");
  const router = useRouter();
  const { executeAsync, isPending } = useAction(rerunRunAction);
  return (
    <ConfirmDialog
      trigger={
        <Button variant="secondary" size="sm" pending={isPending}>
          {t("button")}
        </Button>
      }
      title={t("title")}
      description={t("description", { name: functionName })}
      confirmLabel={t("confirm")}
      onConfirm={async () => {
        const result = await executeAsync({ tenant, runId });
        if (toastFailure(result, t("failed")) || !result?.data) return false;
        toast.success(t("started"));
        router.push(`/t/${tenant}/runs/${result.data.runId}`);
        return true;
      }}
    />
  );
}
