import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export type AppServer = {
  url: string;
  port: number;
  /** Everything the server printed, both streams, since it first started. */
  log(): string;
  /** `kill -9` the server (no shutdown of any kind), and wait for it to be gone. */
  crash(): Promise<void>;
  /** Start it again, same port, database and environment. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  pid(): number;
};

/**
 * The production build (`.next`, from `npm run build`) started as a child process with `next
 * start` on 127.0.0.1, the way CI's e2e runs it, so a test can kill it for real. The environment
 * is the test's own: its database, its SMTP peer, its secrets.
 */
export async function startAppServer(opts: { port: number; env: Record<string, string> }): Promise<AppServer> {
  const url = `http://127.0.0.1:${opts.port}`;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "opsdesk-faults-"));
  let output = "";
  let child: ChildProcess | null = null;

  const launch = async () => {
    const proc = spawn(path.resolve("node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", String(opts.port)], {
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? dataDir,
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        OPSDESK_DATA_DIR: dataDir,
        OPSDESK_SEED_DEMO: "0",
        APP_URL: url,
        OUTBOUND_ALLOW_PRIVATE: "true",
        ...opts.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    proc.stdout?.on("data", (c: Buffer) => {
      output += c.toString();
    });
    proc.stderr?.on("data", (c: Buffer) => {
      output += c.toString();
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`the server exited (${proc.exitCode}):\n${output.slice(-4000)}`);
      const ok = await fetch(`${url}/api/health`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`the server did not come up:\n${output.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const exited = (proc: ChildProcess) =>
    proc.exitCode !== null || proc.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => proc.once("exit", () => resolve()));

  await launch();
  return {
    url,
    port: opts.port,
    log: () => output,
    pid: () => child?.pid ?? 0,
    async crash() {
      const proc = child as ChildProcess;
      proc.kill("SIGKILL");
      await exited(proc);
    },
    restart: launch,
    async stop() {
      const proc = child;
      if (!proc) return;
      proc.kill("SIGTERM");
      await Promise.race([exited(proc), new Promise((r) => setTimeout(r, 5_000))]);
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill("SIGKILL");
        await exited(proc);
      }
    },
  };
}
