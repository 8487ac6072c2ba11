/**
 * Benchmark runner: `npm run bench -- <name> [args]` runs bench/<name>.ts.
 *
 * Server modules start with `import "server-only"`, which throws outside React's server condition,
 * so the benchmark runs in a child Node process with `--conditions=react-server` (where
 * `server-only` is an empty module) and tsx loaded as an import hook (TypeScript + `@/` paths).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const [name, ...args] = process.argv.slice(2);
const dir = path.dirname(new URL(import.meta.url).pathname);
const available = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith(".ts") && f !== "run.ts")
  .map((f) => f.slice(0, -3));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name>\navailable: ${available.join(", ")}`);
  process.exit(2);
}
const result = spawnSync(
  process.execPath,
  ["--conditions=react-server", "--import", "tsx", path.join(dir, `${name}.ts`), ...args],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      OPSDESK_DATA_DIR: process.env.DATABASE_URL
        ? process.env.OPSDESK_DATA_DIR
        : (process.env.OPSDESK_DATA_DIR ?? "memory://"),
    },
  },
);
process.exit(result.status ?? 1);
