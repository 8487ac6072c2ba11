/** Dates, ages, durations and status words for the work-order pages (pure; server and client). */

const toDate = (d: Date | string) => (typeof d === "string" ? new Date(d) : d);

/** "2025-06-01 14:03 UTC" */
export function utc(d: Date | string, withSeconds = false): string {
  return `${toDate(d)
    .toISOString()
    .slice(0, withSeconds ? 19 : 16)
    .replace("T", " ")} UTC`;
}

/** "just now", "5 min ago", "3 h ago", "2 d ago"; future dates: "in 3 h". */
export function age(d: Date | string, now = new Date()): string {
  const ms = now.getTime() - toDate(d).getTime();
  const future = ms < 0;
  const s = Math.abs(ms) / 1000;
  let text: string;
  if (s < 45) return future ? "in a moment" : "just now";
  if (s < 3600) text = `${Math.max(1, Math.round(s / 60))} min`;
  else if (s < 86_400) text = `${Math.round(s / 3600)} h`;
  else text = `${Math.round(s / 86_400)} d`;
  return future ? `in ${text}` : `${text} ago`;
}

/** "850 ms", "12 s", "3 min 4 s", "1 h 2 min". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

export function durationBetween(start: Date | string | null, end: Date | string | null): string | null {
  if (!start || !end) return null;
  return duration(toDate(end).getTime() - toDate(start).getTime());
}

export const STATUS_LABEL: Record<string, string> = {
  // orders
  pending: "Pending",
  approved: "Approved",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
  expired: "Expired",
  // executions
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  timed_out: "Timed out",
  cancelled: "Cancelled",
  // tasks
  transferred: "Transferred",
  notified: "Notified",
};

export const statusLabel = (s: string | null | undefined) => (s ? (STATUS_LABEL[s] ?? s.replace(/_/g, " ")) : "—");

export const ACTIVE_EXECUTION = new Set(["queued", "running"]);

/** What a timeline record says happened ("approved", "transferred the approval to Ann"). */
export function timelineText(action: string, targetName: string | null): string {
  switch (action) {
    case "submit":
      return "submitted the order";
    case "approve":
      return "approved";
    case "reject":
      return "rejected";
    case "transfer":
      return `transferred the approval to ${targetName ?? "someone"}`;
    case "add_approver":
      return `added ${targetName ?? "someone"} as an approver`;
    case "withdraw":
      return "withdrew the order";
    case "urge":
      return "urged the approvers";
    case "expire":
      return "the level timed out: the order expired";
    case "cc":
      return "sent a copy (cc) to the level's members";
    case "approved":
      return "every level approved: the order is approved";
    case "execute":
      return "started an execution";
    default:
      if (action.startsWith("execution."))
        return `execution ${statusLabel(action.slice("execution.".length)).toLowerCase()}`;
      return action.replace(/_/g, " ");
  }
}
