import "server-only";

/** Durations as the SDK sends them: `timeStr()` output such as "1h30m", "2d", "500ms"? (never: ≥ 1s), or an ISO date. */
const UNITS: Record<string, number> = {
  w: 7 * 24 * 3600_000,
  d: 24 * 3600_000,
  h: 3600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};

/** Parses an SDK duration string ("1m30s", "2d") into milliseconds; undefined when it is not one. */
export function parseDuration(value: string): number | undefined {
  const parts = value.trim().match(/^((\d+)(ms|w|d|h|m|s))+$/);
  if (!parts) return undefined;
  let total = 0;
  for (const [, n, unit] of value.matchAll(/(\d+)(ms|w|d|h|m|s)/g)) total += Number(n) * (UNITS[unit as string] ?? 0);
  return total;
}

/** A sleep target: a duration from `now` ("1h") or an absolute ISO time (sleepUntil). */
export function resolveWakeTime(value: string, now: number): number {
  const duration = parseDuration(value);
  if (duration !== undefined) return now + duration;
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new Error(`Cannot read sleep time "${value}"`);
  return at;
}

/**
 * Delay before retry `attempt` (1-based), like Inngest's default: exponential from 1 s, capped
 * at 5 minutes, with up to 10% jitter. A `Retry-After` value (seconds or a date) wins.
 */
export function retryDelay(attempt: number, retryAfter?: string | null, now = Date.now()): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(0, at - now);
    const d = parseDuration(retryAfter);
    if (d !== undefined) return d;
  }
  const base = Math.min(1000 * 2 ** Math.max(0, attempt - 1), 300_000);
  return Math.round(base + Math.random() * base * 0.1);
}
