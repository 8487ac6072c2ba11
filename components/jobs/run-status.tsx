import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import type { RunStatus } from "@/lib/jobs/catalog";

const TONE: Record<RunStatus, string> = {
  pending: "bg-zinc-100 text-zinc-700",
  running: "bg-sky-100 text-sky-800",
  success: "bg-emerald-100 text-emerald-800",
  failed: "bg-red-100 text-red-800",
  timeout: "bg-orange-100 text-orange-800",
  cancelled: "bg-zinc-100 text-zinc-600",
  skipped: "bg-amber-50 text-amber-800",
};

/** A run's status as a coloured pill with its word (`jobs.status.*`); `data-status` carries the code. */
export function RunStatusBadge({ status, className }: { status: RunStatus | null | undefined; className?: string }) {
  const t = useTranslations("jobs.status");
  if (!status) return <span className="text-zinc-400">—</span>;
  return (
    <span
      data-status={status}
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium",
        TONE[status],
        className,
      )}
    >
      {status === "running" ? <span className="size-1.5 animate-pulse rounded-full bg-current" aria-hidden /> : null}
      {t(status)}
    </span>
  );
}

/** The colour a run's status is drawn with in the charts (the badge's, as a fill). */
export const STATUS_FILL: Record<RunStatus, string> = {
  pending: "#a1a1aa",
  running: "#0ea5e9",
  success: "#10b981",
  failed: "#ef4444",
  timeout: "#f97316",
  cancelled: "#d4d4d8",
  skipped: "#fcd34d",
};
