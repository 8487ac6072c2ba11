import "server-only";

const TRANSIENT_CODES = new Set([
  // postgres.js
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  // sockets
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  // PostgreSQL: terminated by an administrator or a restart, starting up, serialization, deadlock
  "57P01",
  "57P02",
  "57P03",
  "40001",
  "40P01",
]);

const TRANSIENT_MESSAGE =
  /connection (terminated|closed|ended)|terminating connection|database cannot be reached|\b(CONNECTION_(CLOSED|ENDED|DESTROYED)|CONNECT_TIMEOUT|ECONNREFUSED|ECONNRESET)\b/i;

/** Whether an error says the database was briefly out of reach (worth retrying), not that a statement was wrong. */
export function isTransientDbError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = String((e as { code?: unknown }).code ?? "");
    if (TRANSIENT_CODES.has(code) || code.startsWith("08")) return true;
    // An error that crossed a serialization (Inngest's onFailure) keeps its message, not its code.
    const message = String((e as Error).message);
    if (TRANSIENT_MESSAGE.test(message)) return true;
  }
  return false;
}

/**
 * Runs `fn` again while it fails for a transient database reason, pausing 200 ms, doubling up to
 * 5 s, until `deadlineMs` has passed; then (or for any other error) its error is thrown.
 */
export async function retrying<T>(fn: () => Promise<T>, deadlineMs = 60_000): Promise<T> {
  const giveUpAt = Date.now() + deadlineMs;
  let pause = 200;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (!isTransientDbError(error) || Date.now() + pause > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 5_000);
    }
  }
}
