"use client";

import { useRouter } from "next/navigation";
import { useAction } from "next-safe-action/hooks";
import { toast } from "sonner";
import { toastFailure } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { rerunRunAction } from "./actions";

/** "Re-run" for a failed run: a new run of the same function with the same event. */
export function RerunButton({ tenant, runId, functionName }: { tenant: string; runId: string; functionName: string }) {
  const router = useRouter();
  const { executeAsync, isPending } = useAction(rerunRunAction);
  return (
    <ConfirmDialog
      trigger={
        <Button variant="secondary" size="sm" pending={isPending}>
          Re-run
        </Button>
      }
      title="Re-run this run?"
      description={
        <>
          A new run of <strong>{functionName}</strong> starts with the same event. Its steps run again from the start,
          side effects included.
        </>
      }
      confirmLabel="Re-run"
      onConfirm={async () => {
        const result = await executeAsync({ tenant, runId });
        if (toastFailure(result, "That run could not be re-run.") || !result?.data) return false;
        toast.success("Re-run started");
        router.push(`/t/${tenant}/runs/${result.data.runId}`);
        return true;
      }}
    />
  );
}
