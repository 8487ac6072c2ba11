import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { type RunPolicy, shownOrderStatus } from "@/lib/work-orders/run-policy";

const TONE: Record<string, string> = {
  pending: "bg-amber-100 text-amber-800",
  queued: "bg-zinc-100 text-zinc-700",
  running: "bg-sky-100 text-sky-800",
  approved: "bg-emerald-100 text-emerald-800",
  succeeded: "bg-emerald-100 text-emerald-800",
  executed: "bg-emerald-100 text-emerald-800",
  rejected: "bg-red-100 text-red-800",
  failed: "bg-red-100 text-red-800",
  rerun: "bg-red-100 text-red-800",
  run_failed: "bg-red-100 text-red-800",
  timed_out: "bg-orange-100 text-orange-800",
  expired: "bg-orange-100 text-orange-800",
  withdrawn: "bg-zinc-100 text-zinc-600",
  cancelled: "bg-zinc-100 text-zinc-600",
  transferred: "bg-violet-100 text-violet-800",
  notified: "bg-zinc-100 text-zinc-600",
};

/**
 * The status of an order, execution or approval task, as a coloured pill with a plain word. For an
 * order, pass its `lastRun` (`lastExecutionStatus`, and its template version's `policy` where known):
 * an approved order that ran reads "Executed" or "Failed — run again" instead of "Approved".
 */
export function StatusBadge({
  status,
  lastRun,
  policy,
  className,
}: {
  status: string | null | undefined;
  lastRun?: string | null;
  policy?: RunPolicy;
  className?: string;
}) {
  const t = useTranslations("work-orders.status");
  if (!status) return <span className="text-zinc-400">—</span>;
  const shown = lastRun === undefined ? status : shownOrderStatus(status, lastRun, policy);
  return (
    <span
      data-status={shown}
      className={cn(
        "inline-flex items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium",
        TONE[shown] ?? "bg-zinc-100 text-zinc-700",
        className,
      )}
    >
      {shown === "running" ? <span className="size-1.5 animate-pulse rounded-full bg-current" aria-hidden /> : null}
      {t.has(shown) ? t(shown) : shown.replace(/_/g, " ")}
    </span>
  );
}
