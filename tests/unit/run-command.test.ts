import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
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
    expect(result.error).toBe('The working directory "/nonexistent/opsdesk-wd" does not exist on this runner.');
    expect(out).toEqual([{ stream: "system", line: `[${result.error}]` }]);
  });
});
