import "server-only";
import { readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * Every process of an execution carries `OPSDESK_EXECUTION_ID=<execution id>` in its environment
 * (children inherit it). That is how a restart or the reconciler tells an execution's leftovers
 * from an unrelated process that happens to have been given a recorded pid again.
 */
export const EXECUTION_MARKER = "OPSDESK_EXECUTION_ID";

/** This server process, as recorded in `wo_executions.runner`. */
export function thisRunner(): string {
  return `${os.hostname()}:${process.pid}`;
}

function parseRunner(runner: string | null): { host: string; pid: number } | null {
  const at = runner?.lastIndexOf(":") ?? -1;
  if (!runner || at < 0) return null;
  const pid = Number(runner.slice(at + 1));
  return Number.isInteger(pid) && pid > 0 ? { host: runner.slice(0, at), pid } : null;
}

/** Whether the recorded runner was a process of this host (or is unknown: never recorded). */
export function runnerIsOnThisHost(runner: string | null): boolean {
  const r = parseRunner(runner);
  return !r || r.host === os.hostname();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether the server process recorded as `runner` may still be alive: false when it is this
 * host's and its pid is gone (or is this very process: the caller checks its own live runs).
 * Another host's runner cannot be checked: it counts as alive (its heartbeat decides).
 */
export function runnerMayBeAlive(runner: string | null): boolean {
  const r = parseRunner(runner);
  if (!r) return false;
  if (r.host !== os.hostname()) return true;
  if (r.pid === process.pid) return false;
  return processAlive(r.pid);
}

type Proc = { pid: number; pgrp: number };

/** This host's live processes that carry the execution's marker (Linux: /proc). Null where /proc is absent. */
async function markedProcesses(executionId: string): Promise<Proc[] | null> {
  let entries: string[];
  try {
    entries = await readdir("/proc");
  } catch {
    return null;
  }
  const wanted = `${EXECUTION_MARKER}=${executionId}`;
  const found: Proc[] = [];
  await Promise.all(
    entries
      .filter((e) => /^\d+$/.test(e))
      .map(async (entry) => {
        try {
          const stat = await readFile(`/proc/${entry}/stat`, "utf8");
          // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so read after the last ")".
          const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          if (state === "Z") return; // exited, waiting for its parent: nothing to stop
          const environ = (await readFile(`/proc/${entry}/environ`)).toString("utf8").split("\0");
          if (environ.includes(wanted)) found.push({ pid: Number(entry), pgrp: Number(pgrp) });
        } catch {
          // gone meanwhile, or another user's process (its environ is not readable): not ours
        }
      }),
  );
  return found;
}

/**
 * Stops whatever is left of an execution on this host, before anyone marks it ended: every
 * process carrying its marker, and the recorded process group when a member of it carries the
 * marker (a group id reused by an unrelated program is left alone). SIGTERM, then SIGKILL for
 * what is still there after `graceMs`; then its temporary folder is removed. Returns how many
 * processes were found.
 *
 * Another host's runner: nothing can be checked from here (its supervisor stops the command when
 * that server dies; see run-command.ts). Without /proc (not Linux) nothing can be verified, and
 * nothing is killed: the supervisor is then the only guard.
 */
export async function stopExecutionProcesses(
  executionId: string,
  recorded: { pgid: number | null; runner: string | null },
  graceMs = 1_000,
): Promise<number> {
  const r = parseRunner(recorded.runner);
  if (r && r.host !== os.hostname()) return 0;
  const first = await markedProcesses(executionId);
  if (!first || first.length === 0) {
    await removeTempFolders(executionId);
    return 0;
  }
  const send = (procs: Proc[], signal: NodeJS.Signals) => {
    const groups = new Set(procs.map((p) => p.pgrp));
    if (recorded.pgid && groups.has(recorded.pgid)) signalQuietly(-recorded.pgid, signal);
    for (const p of procs) signalQuietly(p.pid, signal);
  };
  send(first, "SIGTERM");
  const deadline = Date.now() + graceMs;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    const left = (await markedProcesses(executionId)) ?? [];
    if (left.length === 0) break;
    if (Date.now() >= deadline) {
      send(left, "SIGKILL");
      for (let i = 0; i < 40 && ((await markedProcesses(executionId)) ?? []).length > 0; i++)
        await new Promise((resolve) => setTimeout(resolve, 25));
      break;
    }
  }
  await removeTempFolders(executionId);
  return first.length;
}

/** The temporary folders its command was given (run-command.ts names them after the execution). */
async function removeTempFolders(executionId: string): Promise<void> {
  const dir = os.tmpdir();
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((n) => n.startsWith(`opsdesk-run-${executionId}-`))
      .map((n) => rm(path.join(dir, n), { recursive: true, force: true }).catch(() => {})),
  );
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
