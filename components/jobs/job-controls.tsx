"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toastFailure } from "@/components/ui/action-toast";

// biome-ignore lint/suspicious/noExplicitAny: safe actions; the helpers read their result shape
type Action = (input: any) => Promise<any>;

/** The job's enabled switch: a disabled job's schedules do not fire and it cannot be run. */
export function EnabledToggle({
  tenant,
  jobId,
  enabled,
  action,
}: {
  tenant: string;
  jobId: string;
  enabled: boolean;
  action: Action;
}) {
  const t = useTranslations("jobs.detail");
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <label className="inline-flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        role="switch"
        aria-checked={enabled}
        checked={enabled}
        disabled={pending}
        data-testid="job-enabled"
        className="accent-indigo-600"
        onChange={async (e) => {
          setPending(true);
          const next = e.target.checked;
          const result = await action({ tenant, id: jobId, enabled: next });
          setPending(false);
          if (!toastFailure(result)) router.refresh();
        }}
      />
      <span className="font-medium text-zinc-800">{enabled ? t("enabled") : t("disabled")}</span>
    </label>
  );
}
