import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import type { FlowRunStatus, NodeStatus } from "@/lib/flows/catalog";

type AnyStatus = FlowRunStatus | NodeStatus;

/** The colours of run and node statuses: the pill's classes, and the canvas's tone. */
export const STATUS_CLASS: Record<AnyStatus, string> = {
  pending: "bg-zinc-100 text-zinc-700",
  running: "bg-sky-100 text-sky-800",
  waiting: "bg-violet-100 text-violet-800",
  success: "bg-emerald-100 text-emerald-800",
  reused: "bg-emerald-50 text-emerald-700",
  failed: "bg-red-100 text-red-800",
  timeout: "bg-orange-100 text-orange-800",
  partial: "bg-amber-100 text-amber-800",
  skipped: "bg-zinc-50 text-zinc-500",
  cancelled: "bg-zinc-100 text-zinc-600",
};

/** A run's or node's status as a coloured pill with its word (`flows.status.*`); `data-status` carries the code. */
export function FlowStatusBadge({ status, className }: { status: AnyStatus | null | undefined; className?: string }) {
  const t = useTranslations("flows.status");
  if (!status) return <span className="text-zinc-400">—</span>;
  return (
    <span
      data-status={status}
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium",
        STATUS_CLASS[status],
        className,
      )}
    >
      {status === "running" ? <span className="size-1.5 animate-pulse rounded-full bg-current" aria-hidden /> : null}
      {t(status)}
    </span>
  );
}
