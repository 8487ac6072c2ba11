/**
 * Undo/redo for the graph editor, as immutable snapshots: each step keeps the graph as it was
 * (edits are immutable, so snapshots share every node and edge they did not change). A batch
 * (one auto-layout pass, one paste, a drag from press to release) is one step.
 */

export type History<T> = {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
  /** Steps kept for undo; the oldest is dropped beyond it. */
  readonly limit: number;
};

export const DEFAULT_HISTORY_LIMIT = 100;

export function createHistory<T>(present: T, limit = DEFAULT_HISTORY_LIMIT): History<T> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error("history limit must be a positive integer");
  return { past: [], present, future: [], limit };
}

/** A new step: `next` becomes the present, redo is cleared. The same object again is no step. */
export function record<T>(history: History<T>, next: T): History<T> {
  if (next === history.present) return history;
  const past = [...history.past, history.present];
  if (past.length > history.limit) past.splice(0, past.length - history.limit);
  return { ...history, past, present: next, future: [] };
}

/** Several changes as one step: each `change` sees the result of the one before. */
export function batch<T>(history: History<T>, changes: ((state: T) => T)[]): History<T> {
  return record(
    history,
    changes.reduce((state, change) => change(state), history.present),
  );
}

/**
 * Replace the present without a new step (the moves of a drag in progress after its first one
 * was recorded): undo goes back to before the whole gesture.
 */
export function amend<T>(history: History<T>, next: T): History<T> {
  return next === history.present ? history : { ...history, present: next, future: [] };
}

export const canUndo = (history: History<unknown>) => history.past.length > 0;
export const canRedo = (history: History<unknown>) => history.future.length > 0;

export function undo<T>(history: History<T>): History<T> {
  if (!canUndo(history)) return history;
  const past = history.past.slice(0, -1);
  return {
    ...history,
    past,
    present: history.past[history.past.length - 1] as T,
    future: [history.present, ...history.future],
  };
}

export function redo<T>(history: History<T>): History<T> {
  if (!canRedo(history)) return history;
  const [present, ...future] = history.future;
  return { ...history, past: [...history.past, history.present], present: present as T, future };
}
