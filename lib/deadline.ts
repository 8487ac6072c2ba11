import "server-only";

/**
 * `work`, or the error of `late()` once `ms` have passed without an answer. For calls that can
 * hang for good (a query on a connection cut mid-way never settles): the caller gets to retry or
 * give up instead of waiting forever. What `work` does after the deadline is ignored (never an
 * unhandled rejection).
 */
export function withDeadline<T>(work: Promise<T>, ms: number, late: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => {});
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
