/** Status words and timeline sentences of the work-order pages (pure; server and client). */

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
