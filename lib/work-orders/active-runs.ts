import "server-only";

/**
 * The executions this server process is running right now, each with a way to stop it. Kept on
 * `globalThis` (Next.js may load this module more than once). Whoever finds an execution recorded
 * as run by this very process but absent here knows it has no live runner.
 */
type ActiveRun = { stop: () => void };
const holder = globalThis as unknown as { __opsdeskActiveRuns?: Map<string, ActiveRun> };
holder.__opsdeskActiveRuns ??= new Map();
const runs = holder.__opsdeskActiveRuns;

export const activeRuns = {
  add(executionId: string, run: ActiveRun): void {
    runs.set(executionId, run);
  },
  delete(executionId: string): void {
    runs.delete(executionId);
  },
  has(executionId: string): boolean {
    return runs.has(executionId);
  },
  /** Stops this process's run of the execution, if any (its process group is killed). */
  stop(executionId: string): boolean {
    const run = runs.get(executionId);
    run?.stop();
    return Boolean(run);
  },
};
