import "server-only";

/**
 * A breaker in front of the SMTP server. Once a send fails for want of a connection (refused,
 * timed out, no greeting, reset), the server is suspect: one send at a time probes it, and sends
 * made while a probe is under way fail at once instead of each waiting out its own timeouts.
 * Without it, during an outage every delivery held a background worker for up to its deadline,
 * and enough of them held them all (executions then sat at "Waiting for a runner"). It keeps no
 * clock: the retry schedule of the deliveries already spaces the probes, so mail flows again at
 * the first attempt after the server's return. A server that answers, even with 451 or 550, is
 * up: those failures do not trip it.
 */

/** Error codes nodemailer gives a send that never reached an answering server. */
const UNREACHABLE = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "ECONNREFUSED", "ECONNRESET"]);

export function unreachable(error: unknown): boolean {
  const e = error as { code?: unknown; responseCode?: unknown } | null;
  return Boolean(e && typeof e.code === "string" && UNREACHABLE.has(e.code) && e.responseCode === undefined);
}

/** The error a send fails with when the breaker does not let it go (or cut it short). */
export function unreachableError(reason: string): Error {
  return Object.assign(new Error(`The mail server is unreachable (${reason}).`), { code: "ECONNECTION" });
}

/** How long a send waits for the probe under way before it gives up on the server for now. */
const WAIT_FOR_PROBE_MS = 1_000;

export class SmtpCircuit {
  private suspect: string | null = null;
  private probe: { done: Promise<boolean>; settle(up: boolean): void } | null = null;

  constructor(private readonly waitMs = WAIT_FOR_PROBE_MS) {}

  /**
   * Before a send: null when it may go, else why not. While the server is suspect the first send
   * is the probe; the others wait for its answer, briefly: they go if it got through (the server
   * is back) and fail at once if it failed or is still waiting (the server is still away).
   */
  async admit(): Promise<string | null> {
    if (this.suspect === null) return null;
    if (!this.probe) {
      let settle: (up: boolean) => void = () => {};
      const done = new Promise<boolean>((resolve) => {
        settle = resolve;
      });
      this.probe = { done, settle };
      return null;
    }
    const reason = this.suspect;
    let timer: NodeJS.Timeout | undefined;
    const up = await Promise.race([
      this.probe.done,
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), this.waitMs);
      }),
    ]).finally(() => clearTimeout(timer));
    return up ? null : reason;
  }

  /** After a send that went: whether its failure made (or kept) the server suspect. */
  settle(error: unknown | null): boolean {
    const down = error !== null && unreachable(error);
    this.suspect = down ? (error instanceof Error ? error.message.slice(0, 200) : String(error)) : null;
    // Only the probe's answer decides for those waiting on it; any send's answer ends a probe.
    this.probe?.settle(!down);
    this.probe = null;
    return down;
  }
}
