import "server-only";
import { withDeadline } from "@/lib/deadline";
import { isConnectionError } from "@/lib/errors";

/** One attempt that has not answered in this long is taken for a lost connection and tried again. */
const ATTEMPT_TIMEOUT_MS = 15_000;

/** Serialization failure and deadlock: the statement was fine, trying again will do. */
const RETRY_CODES = new Set(["40001", "40P01"]);

const TRANSIENT_MESSAGE =
  /connection (terminated|closed|ended)|terminating connection|database cannot be reached|\b(CONNECTION_(CLOSED|ENDED|DESTROYED)|CONNECT_TIMEOUT|ECONNREFUSED|ECONNRESET)\b/i;

/** Whether an error says the database was briefly out of reach (worth retrying), not that a statement was wrong. */
export function isTransientDbError(error: unknown): boolean {
  if (isConnectionError(error)) return true;
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (RETRY_CODES.has(String((e as { code?: unknown }).code ?? ""))) return true;
    // An error that crossed a serialization (Inngest's onFailure) keeps its message, not its code.
    if (TRANSIENT_MESSAGE.test(String((e as Error).message))) return true;
  }
  return false;
}

/**
 * Runs `fn` again while it fails for a transient database reason (or does not answer within 15 s:
 * a query on a connection cut mid-way can hang for good), pausing 200 ms, doubling up to 5 s,
 * until `deadlineMs` has passed; then (or for any other error) its error is thrown.
 */
export async function retrying<T>(fn: () => Promise<T>, deadlineMs = 60_000): Promise<T> {
  const giveUpAt = Date.now() + deadlineMs;
  let pause = 200;
  for (;;) {
    try {
      return await withDeadline(fn(), ATTEMPT_TIMEOUT_MS, () =>
        Object.assign(new Error("CONNECT_TIMEOUT: no answer from the database"), { code: "CONNECT_TIMEOUT" }),
      );
    } catch (error) {
      if (!isTransientDbError(error) || Date.now() + pause > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 5_000);
    }
  }
}
