import "server-only";
/**
 * Time source of the embedded executor. Production uses the wall clock; tests inject a manual
 * clock and move it forward to fire sleeps, timeouts and cron ticks deterministically.
 */
export type Clock = {
  now(): number;
  /** Manual clocks do not run a background loop: the test drives the executor with `drain()`. */
  readonly manual: boolean;
};

export const systemClock: Clock = { now: () => Date.now(), manual: false };

export type ManualClock = Clock & {
  set(ms: number | Date): void;
  advance(ms: number): void;
};

export function manualClock(start: number | Date = Date.UTC(2030, 0, 1, 0, 0, 0)): ManualClock {
  let current = typeof start === "number" ? start : start.getTime();
  return {
    manual: true,
    now: () => current,
    set(ms) {
      current = typeof ms === "number" ? ms : ms.getTime();
    },
    advance(ms) {
      current += ms;
    },
  };
}
