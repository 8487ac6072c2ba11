import "server-only";
/** A call into the app's functions that is still running. */
export type LiveCall = { functionId: string; runId: string; stepId: string; startedAt: number; timeoutMs: number };

/** What `within` resolves to when the call outlived its deadline. */
export const TIMED_OUT = Symbol("timed out");

/**
 * Every call of a function, with its deadline. A call that outlives its deadline is given up on:
 * the executor fails that attempt (retried as any failure is) and its worker takes other work.
 * JavaScript cannot stop the abandoned promise, so the watchdog keeps it listed, and reports it,
 * until it settles: something in the function ignores its own timeouts, and an operator should
 * know which.
 */
export class Watchdog {
  private readonly calls = new Map<number, LiveCall & { overdue: boolean }>();
  private next = 0;

  constructor(private readonly report: (call: LiveCall, ageMs: number) => void) {}

  /** `promise`, or TIMED_OUT once `call.timeoutMs` has passed (wall-clock time). */
  within<T>(call: Omit<LiveCall, "startedAt">, promise: Promise<T>): Promise<T | typeof TIMED_OUT> {
    const id = this.next++;
    const entry = { ...call, startedAt: Date.now(), overdue: false };
    this.calls.set(id, entry);
    const settled = promise.finally(() => this.calls.delete(id));
    // The abandoned call may still reject later: nobody awaits it then, so it must not surface as
    // an unhandled rejection.
    settled.catch(() => {});
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => {
        entry.overdue = true;
        this.report(entry, Date.now() - entry.startedAt);
        resolve(TIMED_OUT);
      }, call.timeoutMs);
      timer.unref?.();
    });
    return Promise.race([settled, deadline]).finally(() => clearTimeout(timer));
  }

  /** Calls past their deadline that have still not settled. */
  stuck(): LiveCall[] {
    return [...this.calls.values()].filter((c) => c.overdue).map(({ overdue: _, ...c }) => c);
  }

  /** Calls running now (overdue ones included). */
  get size(): number {
    return this.calls.size;
  }
}
