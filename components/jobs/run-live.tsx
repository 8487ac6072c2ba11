"use client";

import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { failureOf } from "@/components/ui/action-toast";
import { LiveOutput, type OutputSource } from "@/components/work-orders/live-output";
import { ACTIVE_RUN_STATUSES, type JobType, type RunStatus } from "@/lib/jobs/catalog";
import { RunStatusBadge } from "./run-status";

// biome-ignore lint/suspicious/noExplicitAny: a safe action; the outcome helper reads its result shape
type Action = (input: any) => Promise<any>;

const ACTIVE: ReadonlySet<string> = new Set(ACTIVE_RUN_STATUSES);

/**
 * A job run's status, polled every second while it is pending or running (the page refreshes when
 * it ends), with Cancel while it is active; a shell run's output streams below it through the
 * work-order output viewer.
 */
export function RunLive({
  tenant,
  runId,
  type,
  initialStatus,
  cancel,
}: {
  tenant: string;
  runId: string;
  type: JobType;
  initialStatus: RunStatus;
  /** Present when the viewer may cancel (jobs.run). */
  cancel?: Action;
}) {
  const t = useTranslations("jobs.run");
  const source: OutputSource = {
    url: `/api/t/${encodeURIComponent(tenant)}/job-runs/${runId}/output`,
    active: ACTIVE,
    badge: (status) => <RunStatusBadge status={status as RunStatus} />,
    statusTestId: "run-status",
    panel: type === "shell",
    cancelWords: { cancel: t("cancel"), title: t("cancel_title"), description: t(`cancel_desc.${type}`) },
  };
  return (
    <LiveOutput
      tenant={tenant}
      initialStatus={initialStatus}
      source={source}
      cancel={
        cancel
          ? async () => {
              const failure = failureOf(await cancel({ tenant, runId }));
              if (failure) toast.error(failure);
              else toast.success(t("cancel_requested"));
              return failure === null;
            }
          : undefined
      }
    />
  );
}
