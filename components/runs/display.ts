/** Display helpers for background runs (no server imports). */

export type Tone = "OWNER" | "ADMIN" | "MEMBER" | "VIEWER" | "neutral";

/** Badge tone per run/step status (reuses the Badge palette: amber, indigo, emerald, zinc). */
export function statusTone(status: string): Tone {
  switch (status) {
    case "completed":
      return "MEMBER"; // green
    case "failed":
      return "OWNER"; // amber
    case "running":
    case "queued":
    case "retrying":
      return "ADMIN"; // indigo
    default:
      return "neutral";
  }
}

export function formatDuration(start: string | Date | null, end: string | Date | null): string {
  if (!start) return "—";
  const ms = (end ? new Date(end).getTime() : Date.now()) - new Date(start).getTime();
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export function formatTime(value: string | Date | null): string {
  if (!value) return "—";
  return new Date(value).toISOString().replace("T", " ").slice(0, 19);
}

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? "null";
}
