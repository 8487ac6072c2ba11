import "server-only";
import { spawn } from "node:child_process";
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { StringDecoder } from "node:string_decoder";

export type OutputLine = { stream: "stdout" | "stderr" | "system"; line: string };
export type RunStatus = "succeeded" | "failed" | "timed_out" | "cancelled";
export type RunResult = {
  status: RunStatus;
  exitCode: number | null;
  durationMs: number;
  bytes: number;
  lines: number;
  truncated: boolean;
  error?: string;
};

export type RunOptions = {
  script: string;
  /** Values for the script's OPSDESK_VAR_* expansions; nothing else of the server's env leaks in. */
  env: Record<string, string>;
  /** Working directory; a fresh temporary folder (removed afterwards) when absent. */
  cwd?: string | null;
  timeoutMs: number;
  /** Output kept beyond this is dropped, with a marker line; the process keeps running. */
  maxOutputBytes: number;
  /** Receives output in order, batched. Awaited: a slow sink slows the reading, not the process. */
  onOutput: (lines: OutputLine[]) => Promise<void>;
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
 * Runs a script with `sh -c` in its own process group, with a minimal environment, a timeout that
 * kills the whole group (children included), capped output streamed line by line, and
 * cancellation.
 */
export async function runCommand(opts: RunOptions): Promise<RunResult> {
  const started = Date.now();
  if (opts.cwd && !(await isDirectory(opts.cwd))) {
    // spawn() would say "spawn /bin/sh ENOENT", as if the shell were missing.
    const error = `The working directory "${opts.cwd}" does not exist on this runner.`;
    await opts.onOutput([{ stream: "system", line: `[${error}]` }]);
    return {
      status: "failed",
      exitCode: null,
      durationMs: Date.now() - started,
      bytes: 0,
      lines: 1,
      truncated: false,
      error,
    };
  }
  const temp = opts.cwd ? null : await mkdtemp(path.join(os.tmpdir(), "opsdesk-run-"));
  const cwd = opts.cwd ?? (temp as string);
  const child = spawn("/bin/sh", ["-c", opts.script], {
    cwd,
    detached: true, // own process group: kill(-pid) reaches every descendant
    stdio: ["ignore", "pipe", "pipe"],
    // Only these variables: nothing of the server's own environment (secrets, DATABASE_URL) leaks in.
    env: { PATH: MINIMAL_PATH, HOME: cwd, LANG: "C.UTF-8", TMPDIR: cwd, ...opts.env } as unknown as NodeJS.ProcessEnv,
  });

  let bytes = 0;
  let kept = 0;
  let lines = 0;
  let truncated = false;
  let pending: OutputLine[] = [];
  let sink = Promise.resolve();
  const partial = { stdout: "", stderr: "" };
  // One decoder per stream: a character split across two chunks is held until its last byte comes.
  const decoder = { stdout: new StringDecoder("utf8"), stderr: new StringDecoder("utf8") };

  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    sink = sink.then(() => opts.onOutput(batch));
  };
  const push = (line: OutputLine) => {
    lines++;
    pending.push(line);
    if (pending.length >= 500) flush();
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
          if (await opts.shouldCancel?.()) killGroup("cancelled");
        } catch {
          // a failed poll is retried on the next tick
        } finally {
          polling = false;
        }
      }, opts.pollMs ?? 500)
    : null;

  const { code, error } = await new Promise<{ code: number | null; error?: string }>((resolve) => {
    child.on("error", (e) => resolve({ code: null, error: e.message }));
    child.on("close", (c) => resolve({ code: c }));
  });
  clearTimeout(timer);
  clearInterval(ticker);
  if (poller) clearInterval(poller);
  // The shell is gone; make sure nothing it started lingers in the group.
  try {
    if (child.pid) process.kill(-child.pid, "SIGKILL");
  } catch {
    // nothing left
  }
  for (const s of ["stdout", "stderr"] as const) {
    // After truncation the bytes a decoder still holds are part of what was dropped.
    const rest = partial[s] + (truncated ? "" : decoder[s].end());
    if (rest) push({ stream: s, line: rest });
  }
  if (stopReason === "timed_out")
    push({ stream: "system", line: `[timed out after ${opts.timeoutMs} ms: process group killed]` });
  if (stopReason === "cancelled") push({ stream: "system", line: "[cancelled: process group killed]" });
  flush();
  await sink;
  if (temp) await rm(temp, { recursive: true, force: true });

  const status: RunStatus = stopReason ?? (code === 0 ? "succeeded" : "failed");
  return { status, exitCode: code, durationMs: Date.now() - started, bytes, lines, truncated, error };
}
