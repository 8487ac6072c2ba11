// A stand-in for the server: runs one command with runCommand and prints "output" once its first
// output is in, then waits for it. tests/unit/run-command.test.ts kill -9s this process.
import { runCommand } from "@/lib/work-orders/run-command";

const [script = "", marker = ""] = process.argv.slice(2);
await runCommand({
  script,
  env: { OPSDESK_EXECUTION_ID: marker },
  timeoutMs: 60_000,
  maxOutputBytes: 10_000,
  onOutput: async () => {
    console.log("output");
  },
});
