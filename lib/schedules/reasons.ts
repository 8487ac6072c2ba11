/**
 * Why a fire was not run (no server imports: shared by the scheduler, which logs it, and the
 * pages, which show it). A reason is a code and its parameters; its text is
 * `jobs.skip_reasons.<code>` in messages/<locale>/jobs.json, and `reasonText` is the `msgKey()`
 * string a skipped JobLog stores, rendered in the reader's language with `renderStored`.
 */
import { msgKey } from "@/lib/i18n/message";

export const SKIP_CODES = [
  /** The fire's day is an excluded date of the schedule's calendar (a holiday). */
  "calendar_holiday",
  "calendar_holiday_named",
  /** Missed while the scheduler was down; misfire policy skip. */
  "misfire_skipped",
  /** Missed while the scheduler was down; misfire policy fire once: one run stood for all of them. */
  "misfire_coalesced",
  /** Missed while the scheduler was down; misfire policy fire all, beyond its cap. */
  "misfire_cap",
  /** The previous run was still running or queued; overlap policy skip. */
  "overlap_running",
  /** A run was already waiting behind the running one; overlap policy buffer one. */
  "overlap_buffer_full",
  /** N runs were already running or queued; overlap policy allow N. */
  "overlap_limit",
] as const;

export type SkipCode = (typeof SKIP_CODES)[number];
export type SkipReason = { code: SkipCode; params?: Record<string, string | number> };

/** The stored text of a reason (a `msgKey()` string). */
export function reasonText(reason: SkipReason): string {
  return msgKey(`jobs.skip_reasons.${reason.code}`, reason.params);
}
