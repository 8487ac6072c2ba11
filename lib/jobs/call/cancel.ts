import "server-only";
import { withDeadline } from "@/lib/deadline";

/** How often a call asks whether it was cancelled, and how long one answer may take (a late one counts as "no"). */
export const CANCEL_POLL_MS = 500;
const CHECK_TIMEOUT_MS = 2_000;

/**
 * Polls `shouldCancel` while an HTTP or SQL call runs and calls `stop` once it says yes (shell
 * calls poll through runCommand). A check that fails or hangs is tried again on the next tick.
 * Returns the function that ends the polling.
 */
export function watchCancel(shouldCancel: () => Promise<boolean>, stop: () => void): () => void {
  let checking = false;
  let done = false;
  const timer = setInterval(async () => {
    if (checking || done) return;
    checking = true;
    try {
      if (await withDeadline(shouldCancel(), CHECK_TIMEOUT_MS, () => new Error("cancel check timed out"))) {
        done = true;
        clearInterval(timer);
        stop();
      }
    } catch {
      // asked again on the next tick
    } finally {
      checking = false;
    }
  }, CANCEL_POLL_MS);
  return () => {
    done = true;
    clearInterval(timer);
  };
}
