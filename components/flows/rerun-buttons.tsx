"use client";

import { RotateCcw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { failureOf } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import type { RerunMode } from "@/lib/flows/catalog";

// biome-ignore lint/suspicious/noExplicitAny: a safe action; the result shape is what is read
type AnyAction = (input: any) => Promise<any>;

/**
 * A finished run's three reruns: its failed nodes only, from the chosen node and everything
 * downstream of it, or everything. Successes a rerun keeps are reused, never executed again. The
 * new run's page opens once it is requested.
 */
export function RerunButtons({
  tenant,
  flowId,
  runId,
  from,
  rerun,
}: {
  tenant: string;
  flowId: string;
  runId: string;
  /** The node chosen on the canvas (`from` needs one), with its name. */
  from: { id: string; name: string } | null;
  rerun: AnyAction;
}) {
  const t = useTranslations("flows.rerun");
  const router = useRouter();
  const [pending, setPending] = useState<RerunMode | null>(null);
  const go = async (mode: RerunMode) => {
    setPending(mode);
    try {
      const res = await rerun({ tenant, flowId, runId, mode, from: mode === "from" ? from?.id : undefined });
      const failure = failureOf(res);
      if (failure !== null || !res?.data) toast.error(failure ?? t("unreachable"));
      else {
        toast.success(t("started"));
        router.push(`/t/${tenant}/flows/${flowId}/runs/${res.data.runId}`);
      }
    } catch {
      toast.error(t("unreachable"));
    } finally {
      setPending(null);
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="rerun-buttons">
      <RotateCcw className="size-4 text-zinc-500" aria-hidden />
      <Button
        size="sm"
        variant="secondary"
        pending={pending === "failed"}
        onClick={() => go("failed")}
        data-testid="rerun-failed"
      >
        {t("failed")}
      </Button>
      <Button
        size="sm"
        variant="secondary"
        pending={pending === "from"}
        disabled={!from}
        title={from ? undefined : t("from_pick")}
        onClick={() => go("from")}
        data-testid="rerun-from"
      >
        {from ? t("from", { node: from.name }) : t("from_none")}
      </Button>
      <Button
        size="sm"
        variant="secondary"
        pending={pending === "all"}
        onClick={() => go("all")}
        data-testid="rerun-all"
      >
        {t("all")}
      </Button>
    </div>
  );
}
