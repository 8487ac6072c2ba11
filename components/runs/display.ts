/** Status tones and raw payloads of background runs (no server imports); times and durations: lib/format. */

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

export function json(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? "null";
}
