import type { DeployWindow } from "@/lib/work-orders/types";

/** Weekday keys (0 = Sunday) of `work-orders.days.*`. */
export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;

type T = (key: string, values?: Record<string, string | number>) => string;

/**
 * A deploy window in the reader's language ("Mon, Tue 09:00–17:00", "周一、周二 09:00–17:00"), with
 * `t` the `work-orders` translator (server or client). The zone is added by the caller.
 */
export function windowText(window: DeployWindow, t: T): string {
  const days = window.days.map((d) => t(`days.${WEEKDAYS[d]}`)).join(t("days.sep"));
  return t("window", { days, from: window.from, to: window.to });
}
