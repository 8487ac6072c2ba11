import "server-only";
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { withDeadline } from "@/lib/deadline";
import { msg } from "@/lib/i18n/message";
import { renderMessage } from "@/lib/i18n/translate";

/** How long one cancel check may take before the next one is allowed (it counts as "not asked"). */
const CANCEL_CHECK_TIMEOUT_MS = 2_000;
/** How long one write of output lines may take before it is tried again. */
const OUTPUT_WRITE_TIMEOUT_MS = 10_000;

export type OutputLine = { stream: "stdout" | "stderr" | "system"; line: string };
export type RunStatus = "succeeded" | "failed" | "timed_out" | "cancelled";
export type RunResult = {
  status: RunStatus;
  exitCode: number | null;
  durationMs: number;
  bytes: number;
  lines: number;
  truncated: boolean;
  /** Lines the sink could not take before `outputRetryMs` ran out (the database stayed away). */
  lostLines?: number;
  /** For people, as a `msg()` code (lib/i18n/message.ts): never a variable's value, a stack or a path of the server. */
  error?: string;
};

export type RunOptions = {
  script: string;
  /** Values for the script's OPSDESK_VAR_* expansions; nothing else of the server's env leaks in. */
  env: Record<string, string>;
  /** Working directory; a fresh temporary folder (removed afterwards) when absent. */
  cwd?: string | null;
  /** Names that temporary folder (`opsdesk-run-<tempTag>-…`), so what a dead server left can be found. */
  tempTag?: string;
  timeoutMs: number;
  /** Output kept beyond this is dropped, with a marker line; the process keeps running. */
  maxOutputBytes: number;
  /**
   * Receives output in order, batched; `firstSeq` is the number of the batch's first line (0, 1, …
   * across the run). A batch that throws is offered again, the same lines with the same numbers,
   * with backoff (a database blip), so the sink must accept a repeat of a batch it stored.
   */
  onOutput: (lines: OutputLine[], firstSeq: number) => Promise<void>;
  /** How long, once the process has ended, a failing sink is still retried before its lines count as lost. */
  outputRetryMs?: number;
  /** Called once the process exists, with its pid (= its process group id). */
  onSpawn?: (pid: number) => void;
  /** Polled while running; true stops the process (status cancelled). */
  shouldCancel?: () => Promise<boolean>;
  pollMs?: number;
  /** Grace between SIGTERM and SIGKILL of the process group. */
  killGraceMs?: number;
};

const MINIMAL_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

async function isDirectory(dir: string): Promise<boolean> {
  return stat(dir).then(
    (st) => st.isDirectory(),
    () => false,
  );
}

/**
 * The supervisor: `sh -c SUPERVISED opsdesk-run <script>`. No process of an execution may outlive
 * its server, and a server killed with -9 runs no cleanup, so the command must notice by itself.
 * The one thing the kernel does for a dead process is close its file descriptors: the supervisor
 * holds the read end of a pipe whose write end only the server has (the child's stdin), and a
 * small watcher in the command's process group blocks reading it. EOF means the server is gone
 * (exited, crashed, killed), and the watcher kills the whole group, children included. While the
 * server lives the pipe stays open and silent. Compared with a prctl(PDEATHSIG) helper (kills one
 * process, not its group, and Node cannot set it) or a heartbeat-only sweep (needs a restart to
 * act), this stops everything at once, on any host, and needs only sh and cat.
 *
 * - fd 3 carries the pipe to the watcher: an asynchronous list's stdin is /dev/null in a
 *   non-interactive shell unless redirected explicitly.
 * - the watcher writes nowhere (the server waits for stdout/stderr to close before it reports the
 *   end) and exits quietly on SIGTERM (a timeout or Cancel signals the whole group: the grace
 *   period must not become a SIGKILL because the watcher's cat died first).
 * - the command replaces the supervisor (`exec`): same pid, exit status and signals as a plain
 *   `sh -c <script>`, reading /dev/null, without the pipe.
 */
const SUPERVISED = `exec 3<&0 0</dev/null
{ trap 'exit 0' TERM; cat >/dev/null; kill -KILL 0; } <&3 >/dev/null 2>&1 &
exec 3<&- /bin/sh -c "$1"`;

/** Why a process could not be given this script and environment, before trying (no value quoted). */
function unstartable(script: string, env: Record<string, string>): string | null {
  const values = [script, ...Object.keys(env), ...Object.values(env)];
  if (values.some((v) => v.includes("\0"))) return msg("work-orders.run_nul");
  return null;
}

/**
 * A plain reason for a process that could not be started: the error's code, never its message (it
 * can quote values). Reasons are `msg()` codes, shown in each reader's language (renderStored).
 */
function startFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ERR_INVALID_ARG_VALUE" || code === "ERR_INVALID_ARG_TYPE") return msg("work-orders.run_bad_char");
  if (code === "E2BIG") return msg("work-orders.run_too_large");
  if (code === "ENOENT") return msg("work-orders.run_no_shell");
  return msg("work-orders.run_not_started", {
    code: typeof code === "string" && /^[A-Z0-9_]+$/.test(code) ? code : "system error",
  });
}

async function notStarted(opts: RunOptions, started: number, error: string): Promise<RunResult> {
  // The output is a log, kept as it was written: in English.
  const line: OutputLine = { stream: "system", line: `[${renderMessage("en", error)}]` };
  const stored = await opts.onOutput([line], 0).then(
    () => true,
    () => false,
  );
  return {
    status: "failed",
    exitCode: null,
    durationMs: Date.now() - started,
    bytes: 0,
    lines: 1,
    truncated: false,
    ...(stored ? {} : { lostLines: 1 }),
    error,
  };
}

/**
 * Runs a script with `sh -c` in its own process group, supervised (the group dies with this
 * process), with a minimal environment, a timeout that kills the whole group (children included),
 * capped output streamed line by line, and cancellation. Never throws for the command's sake: a
 * process that cannot be started is a failed run with a plain reason, its temp folder removed.
 */
export async function runCommand(opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  if (opts.cwd && !(await isDirectory(opts.cwd))) {
    // spawn() would say "spawn /bin/sh ENOENT", as if the shell were missing.
    return notStarted(opts, started, msg("work-orders.run_no_cwd", { cwd: opts.cwd }));
  }
  const refusal = unstartable(opts.script, opts.env);
  if (refusal) return notStarted(opts, started, refusal);
  const temp = opts.cwd
    ? null
    : await mkdtemp(path.join(os.tmpdir(), `opsdesk-run-${opts.tempTag ? `${opts.tempTag}-` : ""}`));
  const cwd = opts.cwd ?? (temp as string);
  let child: ChildProcessByStdio<Writable, Readable, Readable>;
  try {
    child = spawn("/bin/sh", ["-c", SUPERVISED, "opsdesk-run", opts.script], {
      cwd,
      detached: true, // own process group: kill(-pid) reaches every descendant
      // stdin is the supervisor's pipe (see SUPERVISED); the command itself reads /dev/null.
      stdio: ["pipe", "pipe", "pipe"],
      // Only these variables: nothing of the server's own environment (secrets, DATABASE_URL) leaks in.
      env: { PATH: MINIMAL_PATH, HOME: cwd, LANG: "C.UTF-8", TMPDIR: cwd, ...opts.env } as unknown as NodeJS.ProcessEnv,
    });
  } catch (error) {
    // spawn() throws before any process exists (a value it cannot pass, E2BIG…). Its message can
    // quote the value; only the code is kept.
    if (temp) await rm(temp, { recursive: true, force: true });
    return notStarted(opts, started, startFailure(error));
  }
  // Nothing is ever written to the supervisor: the pipe only has to stay open while this process
  // lives. Its errors (EPIPE once the group is gone) are of no interest.
  child.stdin.on("error", () => {});
  if (child.pid) opts.onSpawn?.(child.pid);

  let bytes = 0;
  let kept = 0;
  let lines = 0;
  let truncated = false;
  // Lines not yet taken by the sink, oldest first; `stored` lines before them are in. One writer
  // at a time takes up to 500 from the front; a batch that fails stays at the front and is offered
  // again after a pause (doubling to 5 s), so a database blip delays output and loses none of it,
  // and nothing here is ever a rejected promise. Memory is bounded by maxOutputBytes.
  let queue: OutputLine[] = [];
  let stored = 0;
  let lostLines = 0;
  let giveUpAt = Number.POSITIVE_INFINITY;
  let writer: Promise<void> | null = null;
  const partial = { stdout: "", stderr: "" };
  // One decoder per stream: a character split across two chunks is held until its last byte comes.
  const decoder = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };

  const write = async () => {
    let pause = 100;
    while (queue.length > 0) {
      const batch = queue.slice(0, 500);
      try {
        // A write that never answers is given up and offered again (the batch is stored once).
        await withDeadline(opts.onOutput(batch, stored), OUTPUT_WRITE_TIMEOUT_MS, () => new Error("write timed out"));
        queue = queue.slice(batch.length);
        stored += batch.length;
        pause = 100;
      } catch {
        if (Date.now() >= giveUpAt) {
          lostLines += queue.length;
          stored += queue.length;
          queue = [];
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(0, giveUpAt - Date.now()))));
        pause = Math.min(pause * 2, 5_000);
      }
    }
  };
  const flush = () => {
    if (writer || queue.length === 0) return;
    writer = write().finally(() => {
      writer = null;
    });
  };
  const push = (line: OutputLine) => {
    lines++;
    queue.push(line);
    if (queue.length >= 500) flush();
  };
  const take = (stream: "stdout" | "stderr", chunk: Buffer) => {
    bytes += chunk.length;
    if (truncated) return;
    if (kept + chunk.length > opts.maxOutputBytes) {
      chunk = chunk.subarray(0, Math.max(0, opts.maxOutputBytes - kept));
      truncated = true;
    }
    kept += chunk.length;
    const text = partial[stream] + decoder[stream].write(chunk);
    const parts = text.split("\n");
    partial[stream] = parts.pop() ?? "";
    for (const line of parts) push({ stream, line });
    if (truncated) {
      for (const s of ["stdout", "stderr"] as const) {
        if (partial[s]) push({ stream: s, line: partial[s] });
        partial[s] = "";
      }
      push({ stream: "system", line: `[output truncated: only the first ${opts.maxOutputBytes} bytes are kept]` });
    }
  };
  child.stdout.on("data", (c: Buffer) => take("stdout", c));
  child.stderr.on("data", (c: Buffer) => take("stderr", c));
  const ticker = setInterval(flush, 200);

  let stopReason: "timed_out" | "cancelled" | null = null;
  const killGroup = (reason: "timed_out" | "cancelled") => {
    if (stopReason) return;
    stopReason = reason;
    const signal = (sig: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, sig);
      } catch {
        // already gone
      }
    };
    signal("SIGTERM");
    setTimeout(() => signal("SIGKILL"), opts.killGraceMs ?? 2_000).unref();
  };
  const timer = setTimeout(() => killGroup("timed_out"), opts.timeoutMs);
  let polling = false;
  const poller = opts.shouldCancel
    ? setInterval(async () => {
        if (polling || stopReason) return;
        polling = true;
        try {
          // Each check has a deadline: one whose query never settles (a connection cut mid-way)
          // must not hold up the checks after it, or a Cancel would never be noticed.
          const check = opts.shouldCancel?.() ?? Promise.resolve(false);
          if (await withDeadline(check, CANCEL_CHECK_TIMEOUT_MS, () => new Error("cancel check timed out")))
            killGroup("cancelled");
        } catch {
          // a failed poll is retried on the next tick
        } finally {
          polling = false;
        }
      }, opts.pollMs ?? 500)
    : null;

  const { code, error } = await new Promise<{ code: number | null; error?: string }>((resolve) => {
    child.on("error", (e) => resolve({ code: null, error: startFailure(e) }));
    child.on("close", (c) => resolve({ code: c }));
  });
  clearTimeout(timer);
  clearInterval(ticker);
  if (poller) clearInterval(poller);
  // The shell is gone; make sure nothing it started lingers in the group (the supervisor included).
  try {
    if (child.pid) process.kill(-child.pid, "SIGKILL");
  } catch {
    // nothing left
  }
  child.stdin.destroy();
  for (const s of ["stdout", "stderr"] as const) {
    // After truncation the bytes a decoder still holds are part of what was dropped.
    const rest = partial[s] + (truncated ? "" : decoder[s].end());
    if (rest) push({ stream: s, line: rest });
  }
  if (stopReason === "timed_out")
    push({ stream: "system", line: `[timed out after ${opts.timeoutMs} ms: process group killed]` });
  if (stopReason === "cancelled") push({ stream: "system", line: "[cancelled: process group killed]" });
  giveUpAt = Date.now() + (opts.outputRetryMs ?? 60_000);
  while (queue.length > 0 || writer) {
    flush();
    await writer;
  }
  if (temp) await rm(temp, { recursive: true, force: true });

  const status: RunStatus = stopReason ?? (code === 0 ? "succeeded" : "failed");
  return {
    status,
    exitCode: code,
    durationMs: Date.now() - started,
    bytes,
    lines,
    truncated,
    ...(lostLines ? { lostLines } : {}),
    error: error ?? (lostLines ? msg("work-orders.run_lines_lost", { count: lostLines }) : undefined),
  };
}
