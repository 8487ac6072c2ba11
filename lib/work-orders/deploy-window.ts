import "server-only";
import { msgKey } from "@/lib/i18n/message";
import type { DeployWindow } from "./types";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Weekday (0 = Sunday) and minutes since midnight of `at` in `timeZone`. */
function localTime(at: Date, timeZone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { day: DAYS.indexOf(get("weekday")), minutes: Number(get("hour")) * 60 + Number(get("minute")) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Whether `at` falls in the window, in the tenant's time zone. A window whose end is before its
 * start runs overnight (22:00–02:00): the day it starts on is the day that must be allowed.
 */
export function inDeployWindow(window: DeployWindow | null, timeZone: string, at = new Date()): boolean {
  if (!window) return true;
  const { day, minutes } = localTime(at, timeZone);
  const from = toMinutes(window.from);
  const to = toMinutes(window.to);
  if (from < to) return window.days.includes(day) && minutes >= from && minutes < to;
  if (minutes >= from) return window.days.includes(day);
  return minutes < to && window.days.includes((day + 6) % 7);
}

/**
 * A window as a message for the reader's language ("Mon, Fri 22:00–02:00", "周一、周五 22:00–02:00"):
 * the days are `work-orders.days.*`, listed by nesting `days.pair` ("{first}, {rest}").
 */
export function windowMessage(window: DeployWindow): string {
  const days = window.days.map((d) => msgKey(`work-orders.days.${(DAYS[d] as string).toLowerCase()}`));
  const list = days.reduceRight((rest, day) => msgKey("work-orders.days.pair", { first: day, rest }));
  return msgKey("work-orders.window", { days: list, from: window.from, to: window.to });
}
