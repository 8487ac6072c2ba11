import "server-only";

/**
 * The time domain code reads where a test must control it: the scheduler's "now" (which fires are
 * due, which are misfires), run timestamps and durations. The wall clock, unless a test installs
 * the embedded executor's manual clock (tests/integration/inngest/app-executor.ts), so both agree.
 */
let source: () => number = () => Date.now();

export const clock = {
  now: (): number => source(),
  date: (): Date => new Date(source()),
};

/** Installs a time source (tests only); returns what restores the previous one. */
export function installClock(now: () => number): () => void {
  const previous = source;
  source = now;
  return () => {
    source = previous;
  };
}
