import "server-only";
import type { Tx } from "@/db/tenant";
import type { AppEvent } from "@/lib/events/registry";
import type { FlowLevel } from "./flow";

/**
 * What the approval engine decides on: a subject, named by its type and id (a work order today;
 * a deploy task and a DAG approval gate next). The engine owns tasks, records, levels and the
 * rules of single / countersign / or-sign / cc; the subject keeps its own status and says, through
 * its adapter (one file under lib/approvals/subjects/), how it is locked, who may not approve it
 * and what happens when it is approved, rejected or expired.
 */
export type SubjectRef = { type: string; id: string };

/** A subject as the engine reads it, after its adapter locked it. */
export type Subject = SubjectRef & {
  tenantId: string;
  /** Who asked for the approval (null when the system did). */
  requesterId: string | null;
  /** The engine decides only while this is "pending"; any other word is shown in its refusals. */
  status: string;
  /** The level waiting for decisions; null before the first opens and once decided. */
  currentLevel: number | null;
  /** The flow the subject started with (a snapshot: later edits of the flow do not move it). */
  levels: FlowLevel[];
};

/** Who may not decide on a subject (its four-eyes rule), and the refusals people read. */
export type Barred = {
  userIds: string[];
  /** When one of them tries to approve or reject (an error code, or text). */
  self: string;
  /** When one of them is named as an approver (transfer, add approver): an error code, or text. */
  named: string;
};

/** Why a subject was rejected: by an approver (with their reason), or by the system. */
export type Rejection = { level: number; reason: string; by: "approver" | "system" };

/** What the engine did, for the subject to name as its own events (e.g. "approval/requested"). */
export type Notice =
  | { kind: "requested"; taskId: string; approverId: string; level: number }
  | { kind: "cc"; userId: string; level: number }
  | { kind: "level.opened"; level: number; timeoutAt: string | null; timeoutHours: number | null }
  | { kind: "level.closed"; level: number; outcome: "approved" | "rejected" | "withdrawn" };

/**
 * One subject type. Hooks run inside the engine's transaction (the caller's tenant), after `lock`;
 * they write the subject's own state and return the events to send after commit.
 */
export type SubjectAdapter<S extends Subject = Subject> = {
  type: string;
  /** The word people read in refusals ("This order was already approved"). */
  noun: string;
  /** Locks the subject (SELECT … FOR UPDATE or the like) so decisions on it are serialised. */
  lock(tx: Tx, id: string): Promise<S>;
  /** The four-eyes rule: who may not approve this subject. */
  barred(tx: Tx, subject: S): Promise<Barred>;
  /** A level opened: the subject records where it stands. */
  onLevel(tx: Tx, subject: S, level: number): Promise<void>;
  onApproved(tx: Tx, subject: S): Promise<AppEvent[]>;
  onRejected(tx: Tx, subject: S, rejection: Rejection): Promise<AppEvent[]>;
  onExpired(tx: Tx, subject: S, level: number): Promise<AppEvent[]>;
  /** The engine's notices as the subject's events (none is fine). */
  announce(subject: S, notice: Notice): AppEvent[];
};

const adapters = new Map<string, SubjectAdapter>();

/** Makes a subject type known to the engine (its adapter file calls this once, on import). */
export function registerSubject<S extends Subject>(adapter: SubjectAdapter<S>): SubjectAdapter<S> {
  adapters.set(adapter.type, adapter as unknown as SubjectAdapter);
  return adapter;
}

export function adapterOf(type: string): SubjectAdapter {
  const adapter = adapters.get(type);
  if (!adapter) throw new Error(`No approval subject "${type}" is registered.`);
  return adapter;
}

/** Locks the subject through its adapter. */
export function lockSubject(tx: Tx, ref: SubjectRef): Promise<Subject> {
  return adapterOf(ref.type).lock(tx, ref.id);
}
