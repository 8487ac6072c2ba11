import "server-only";
import type { Tx } from "@/db/tenant";
import { openLevel } from "./engine";
import type { Subject } from "./subject";

/**
 * Starts the approval of a subject inside the caller's transaction (the one that created it):
 * opens its first deciding level, or approves it at once when no level needs a decision. Returns
 * the events to send after commit and whether the subject is already decided.
 */
export function requestApproval(tx: Tx, subject: Subject) {
  return openLevel(tx, subject, 0);
}
