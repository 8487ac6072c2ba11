import { execFileSync, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { renderMessage } from "@/lib/i18n/translate";
import { shellScript } from "@/lib/work-orders/command";
import { type OutputLine, runCommand } from "@/lib/work-orders/run-command";

async function run(script: string, opts: Partial<Parameters<typeof runCommand>[0]> = {}) {
  const out: OutputLine[] = [];
  const result = await runCommand({
    script,
    env: {},
    timeoutMs: 10_000,
    maxOutputBytes: 1_000_000,
    onOutput: async (lines) => {
      out.push(...lines);
    },
    ...opts,
  });
  return { result, out };
}

function alive(pattern: string): boolean {
  try {
    execFileSync("pgrep", ["-f", pattern]);
    return true;
  } catch {
    return false;
  }
}

describe("running commands", () => {
  test("streams stdout and stderr in order, reports exit codes", async () => {
    const { result, out } = await run("echo one; echo two >&2; printf 'no newline'; exit 3");
    expect(result).toMatchObject({ status: "failed", exitCode: 3, truncated: false });
    expect(out).toEqual([
      { stream: "stdout", line: "one" },
      { stream: "stderr", line: "two" },
      { stream: "stdout", line: "no newline" },
    ]);
  });

  test("the environment is minimal: server secrets do not leak in", async () => {
    process.env.OPSDESK_TEST_SECRET = "do-not-leak";
    const { out } = await run("env");
    const names = out.map((l) => l.line.split("=")[0]);
    expect(names).not.toContain("OPSDESK_TEST_SECRET");
    expect(names).not.toContain("DATABASE_URL");
    expect(names).toContain("PATH");
  });

  test("a multi-byte character split across two writes arrives intact", async () => {
    // 中 = e4 b8 ad, 文 = e6 96 87 (octal escapes: dash's printf has no \x); the pause makes two chunks.
    const script =
      "printf '\\344\\270'; sleep 0.05; printf '\\255\\346\\226\\207\\n'; printf '\\344\\270' >&2; sleep 0.05; printf '\\255' >&2";
    const { result, out } = await run(script);
    expect(result.status).toBe("succeeded");
    expect(out).toEqual([
      { stream: "stdout", line: "中文" },
      { stream: "stderr", line: "中" },
    ]);
  });

  test("a command sleeping past its timeout is killed with its children", async () => {
    const marker = `opsdesk-sleeper-${process.pid}-${Date.now()}`;
    const { result, out } = await run(`(sh -c 'sleep 30; echo ${marker}' &) ; sleep 30`, {
      timeoutMs: 500,
      killGraceMs: 200,
    });
    expect(result.status).toBe("timed_out");
    expect(result.durationMs).toBeLessThan(5_000);
    expect(out.at(-1)?.line).toMatch(/timed out after 500 ms/);
    await new Promise((r) => setTimeout(r, 300));
    expect(alive(marker)).toBe(false);
  });

  test("output past the cap is truncated with a marker and nothing crashes", async () => {
    const { result, out } = await run("yes 0123456789 | head -c 5000000; echo done", { maxOutputBytes: 10_000 });
    expect(result.status).toBe("succeeded");
    expect(result.truncated).toBe(true);
    expect(result.bytes).toBeGreaterThan(5_000_000);
    const kept = out.filter((l) => l.stream === "stdout").reduce((n, l) => n + l.line.length + 1, 0);
    expect(kept).toBeLessThanOrEqual(10_001);
    expect(out.some((l) => l.stream === "system" && /output truncated/.test(l.line))).toBe(true);
  });

  test("cancellation stops a running command", async () => {
    let asked = false;
    setTimeout(() => {
      asked = true;
    }, 300);
    const { result } = await run("sleep 30", { shouldCancel: async () => asked, pollMs: 50, killGraceMs: 100 });
    expect(result.status).toBe("cancelled");
    expect(result.durationMs).toBeLessThan(5_000);
  });

  test("a cancel check that never answers (a query cut off by a database blip) does not stop later checks", async () => {
    let calls = 0;
    const { result } = await run("sleep 30", {
      // The first check hangs for good; the ones after it see the request.
      shouldCancel: () => (++calls === 1 ? new Promise<boolean>(() => {}) : Promise.resolve(true)),
      pollMs: 50,
      killGraceMs: 100,
    });
    expect(result.status).toBe("cancelled");
    expect(result.durationMs).toBeLessThan(5_000);
  });

  test("hostile variable values run no extra command", async () => {
    const marker = `/tmp/opsdesk-pwned-${process.pid}`;
    for (const value of [
      `a"; touch ${marker}; echo "`,
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `x\ntouch ${marker}`,
    ]) {
      const { script, env } = shellScript(`echo "deploy {Target}" {Target}`, { Target: value }, {});
      const { result, out } = await run(script, { env });
      expect(result.status).toBe("succeeded");
      expect(out.map((l) => l.line).join("\n")).toBe(`deploy ${value} ${value}`);
    }
    expect(() => execFileSync("test", ["-e", marker])).toThrow();
  });
});

async function until(check: () => boolean | Promise<boolean>, deadlineMs = 5_000): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

describe("faults", () => {
  test("output survives a sink that fails for a while: every line is stored once, in order", async () => {
    const stored: { seq: number; line: string }[] = [];
    let failures = 0;
    const result = await runCommand({
      script: "for i in 1 2 3 4 5 6 7 8; do echo line $i; sleep 0.05; done",
      env: {},
      timeoutMs: 10_000,
      maxOutputBytes: 1_000_000,
      onOutput: async (lines, firstSeq) => {
        // The database is away for the first three writes (a blip): they throw.
        if (failures < 3) {
          failures++;
          throw new Error("Connection terminated unexpectedly");
        }
        lines.forEach((l, i) => {
          stored.push({ seq: firstSeq + i, line: l.line });
        });
      },
    });
    expect(result).toMatchObject({ status: "succeeded", lines: 8 });
    expect(result.lostLines ?? 0).toBe(0);
    expect(failures).toBe(3);
    expect(stored).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n, i) => ({ seq: i, line: `line ${n}` })));
  });

  test("output that cannot be stored before the deadline is counted as lost, and the run still ends", async () => {
    const result = await runCommand({
      script: "echo one; echo two",
      env: {},
      timeoutMs: 10_000,
      maxOutputBytes: 1_000_000,
      outputRetryMs: 300,
      onOutput: async () => {
        throw new Error("database unavailable");
      },
    });
    expect(result).toMatchObject({ status: "succeeded", lines: 2, lostLines: 2 });
  });

  test("a value a process cannot carry (NUL) is not started: plain message without the value, no temp dir left", async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), "opsdesk-nul-"));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const secret = "planted-s3cret";
      const { result, out } = await run('echo "$OPSDESK_VAR_Token"', {
        env: { OPSDESK_VAR_Token: `${secret}\u0000x` },
      });
      expect(result).toMatchObject({ status: "failed", exitCode: null });
      expect(renderMessage("en", result.error ?? "")).toMatch(/could not be started.*NUL/);
      expect(renderMessage("zh-CN", result.error ?? "")).toBe("命令无法启动：某个值包含 NUL 字节，进程无法接收。");
      expect(JSON.stringify({ result, out })).not.toContain(secret);
      expect(JSON.stringify({ result, out })).not.toMatch(/\/(node_modules|work|home)\//);
      expect(await readdir(tmp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      await rm(tmp, { recursive: true, force: true });
    }
  });

  test("the command dies with its server: kill -9 of the server leaves none of its processes", async () => {
    const marker = `opsdesk-orphan-${process.pid}-${Date.now()}`;
    const root = path.resolve(import.meta.dirname, "../..");
    const server = spawn(
      process.execPath,
      [
        "--conditions=react-server",
        "--import",
        "tsx",
        "tests/support/run-command-child.ts",
        "echo begin; sleep 90; echo end",
        marker,
      ],
      { cwd: root, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, NODE_OPTIONS: "" } },
    );
    let printed = "";
    server.stdout.on("data", (c: Buffer) => {
      printed += c.toString();
    });
    try {
      expect(await until(() => /output/.test(printed), 20_000)).toBe(true);
      // The command and its sleep carry the marker in their environment.
      expect(await until(() => marked(marker).length >= 2)).toBe(true);
      server.kill("SIGKILL");
      expect(await until(() => marked(marker).length === 0)).toBe(true);
    } finally {
      server.kill("SIGKILL");
      for (const pid of marked(marker)) process.kill(pid, "SIGKILL");
    }
  }, 30_000);
});

/** Live processes whose environment carries OPSDESK_EXECUTION_ID=<marker>. */
function marked(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) continue; // a zombie is already dead
      const environ = readFileSync(`/proc/${entry}/environ`, "utf8").split("\0");
      if (environ.includes(`OPSDESK_EXECUTION_ID=${marker}`)) found.push(Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

describe("working directory", () => {
  test("the command runs in the template's working directory", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "opsdesk-wd-"));
    try {
      const { result, out } = await run("pwd; ls", { cwd: dir });
      expect(result.status).toBe("succeeded");
      expect(out.map((l) => l.line)).toEqual([dir]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a working directory that does not exist fails the run with a message saying so", async () => {
    const { result, out } = await run("echo never", { cwd: "/nonexistent/opsdesk-wd" });
    expect(result).toMatchObject({ status: "failed", exitCode: null });
    const reason = 'The working directory "/nonexistent/opsdesk-wd" does not exist on this runner.';
    expect(renderMessage("en", result.error ?? "")).toBe(reason);
    expect(out).toEqual([{ stream: "system", line: `[${reason}]` }]);
  });
});
