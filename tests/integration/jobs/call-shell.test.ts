import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { callJob, JOB_RUN_MARKER } from "@/lib/jobs/call";
import { MASK } from "@/lib/work-orders/command";
import { cancelAfter, jobCall, shown } from "./call-support";

const shell = (command: string, extra: Record<string, unknown> = {}) => ({ type: "shell", command, ...extra });
const out = (lines: { stream: string; line: string }[]) =>
  lines.filter((l) => l.stream === "stdout").map((l) => l.line);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "opsdesk-call-shell-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("shell jobs", () => {
  test("an injection in a parameter runs no extra command: each value is printed as it was typed", async () => {
    const marker = (n: number) => path.join(dir, `pwned-${n}`);
    const values = {
      Subst: `$(touch ${marker(1)})`,
      Semicolon: `x; touch ${marker(2)}; rm -rf ${dir}`,
      Backticks: `\`touch ${marker(3)}\``,
      Newline: `a\ntouch ${marker(4)}`,
      Quote: `'"; touch ${marker(5)}; echo "'`,
    };
    const { call, lines } = jobCall(
      shell(`echo {Subst}; echo "{Semicolon}"; echo '{Backticks}'; printf '%s\\n' {Newline}; echo {Quote}`),
      { params: values },
    );
    const outcome = await callJob(call);
    expect(outcome).toMatchObject({ status: "success", result: { exitCode: 0 }, error: null });
    expect(out(lines)).toEqual([
      values.Subst,
      values.Semicolon,
      values.Backticks,
      "a",
      `touch ${marker(4)}`,
      values.Quote,
    ]);
    for (const n of [1, 2, 3, 4, 5]) expect(existsSync(marker(n)), `marker ${n}`).toBe(false);
    expect(existsSync(dir)).toBe(true);
  });

  test("the timeout kills the whole process group: a child left sleeping in the background is gone too", async () => {
    const started = Date.now();
    const { call, lines } = jobCall(shell("sleep 30 & echo $!; wait"), { timeoutMs: 1_000 });
    const outcome = await callJob(call);
    expect(outcome.status).toBe("timeout");
    expect(shown(outcome.error)).toBe("Timed out after 1 s.");
    expect(Date.now() - started).toBeLessThan(8_000);
    const pid = Number(out(lines)[0]);
    expect(pid).toBeGreaterThan(0);
    await expect.poll(() => alive(pid), { timeout: 3_000 }).toBe(false);
    expect(lines.at(-1)?.line).toMatch(/timed out after 1000 ms/);
  });

  test("the shorter of the job's and the shell config's timeouts applies", async () => {
    const { call } = jobCall(shell("sleep 30", { timeoutMs: 1_000 }), { timeoutMs: 60_000 });
    expect((await callJob(call)).status).toBe("timeout");
  });

  test("a secret named in envKeys is in the process's environment, and masked in every stored line", async () => {
    const token = "s3cr3t-t0ken-value";
    const { call, lines } = jobCall(
      shell(
        `echo "token=$Token"; printf %s "$Token" | wc -c; echo "arg={Token}"; echo "$Region"; echo "$${JOB_RUN_MARKER}"`,
        {
          envKeys: ["Token", "Region"],
        },
      ),
      { secrets: { Token: token, Unused: "not-in-env-value" }, params: { Region: "eu-west" } },
    );
    const outcome = await callJob(call);
    expect(outcome.status).toBe("success");
    expect(out(lines)).toEqual([`token=${MASK}`, String(token.length), `arg=${MASK}`, "eu-west", call.runId]);
    expect(JSON.stringify(lines)).not.toContain(token);
  });

  test("a secret not named in envKeys is not in the environment; nor is anything of the server's", async () => {
    process.env.OPSDESK_TEST_LEAK = "leaked";
    const { call, lines } = jobCall(shell('echo "[$Unused][$OPSDESK_TEST_LEAK][$DATABASE_URL]"'), {
      secrets: { Unused: "not-in-env-value" },
    });
    expect((await callJob(call)).status).toBe("success");
    expect(out(lines)).toEqual(["[][][]"]);
    delete process.env.OPSDESK_TEST_LEAK;
  });

  test("cancel stops the command and its group", async () => {
    const started = Date.now();
    const { call, lines } = jobCall(shell("sleep 30 & echo $!; wait"), { shouldCancel: cancelAfter(700) });
    const outcome = await callJob(call);
    expect(outcome).toMatchObject({ status: "cancelled", error: null });
    expect(Date.now() - started).toBeLessThan(8_000);
    const pid = Number(out(lines)[0]);
    await expect.poll(() => alive(pid), { timeout: 3_000 }).toBe(false);
  });

  test("a non-zero exit fails, naming the code; the working directory is the one configured", async () => {
    const { call, lines } = jobCall(shell("pwd; exit 3", { workdir: dir }));
    const outcome = await callJob(call);
    expect(outcome).toMatchObject({ status: "failed", result: { exitCode: 3, truncated: false } });
    expect(shown(outcome.error)).toBe("The command exited with code 3.");
    expect(out(lines)).toEqual([dir]);
  });

  test("a placeholder nothing fills, or an envKey naming nothing, fails with its name and runs nothing", async () => {
    const marker = path.join(dir, "ran");
    const unknown = await callJob(jobCall(shell(`touch ${marker}; echo {Missing}`)).call);
    expect(unknown.status).toBe("failed");
    expect(shown(unknown.error)).toBe(
      "The job uses {Missing}, but no parameter or secret of the job is named Missing.",
    );
    const env = await callJob(jobCall(shell(`touch ${marker}`, { envKeys: ["Nope"] })).call);
    expect(shown(env.error)).toBe("The environment variable Nope names no parameter or secret of this job.");
    expect(existsSync(marker)).toBe(false);
  });

  test("output beyond the cap is dropped and said so", async () => {
    const { call } = jobCall(shell("head -c 3000000 /dev/zero | tr '\\0' x"));
    const outcome = await callJob(call);
    expect(outcome).toMatchObject({ status: "success", result: { truncated: true, bytes: 3_000_000 } });
  });
});
