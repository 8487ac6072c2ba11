import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const SKIP = new Set(["node_modules", ".next", ".data", ".git", "tests", "bench"]);
// Who may hold the raw database: the doors themselves, start-up/CLI tools, the embedded executor.
const ALLOWED = [
  /^db\/(tenant|migrate-cli|seed-cli)\.ts$/,
  /^lib\/boot\.ts$/,
  /^lib\/events\/relay\.ts$/,
  // finds every tenant's abandoned executions (then closes each through its tenant's door)
  /^lib\/work-orders\/reconcile-executions\.ts$/,
  // the jobs scheduler: finds every tenant's due and unarmed schedules and open runs (then claims
  // or repairs each through its tenant's door)
  /^lib\/jobs\/(tick|reconcile-runs)\.ts$/,
  // the flow nodes' watchdog: finds every tenant's running nodes (then closes dead ones through the door)
  /^lib\/flows\/reconcile-flow-nodes\.ts$/,
  /^inngest\/embedded\//,
];

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (/\.(ts|tsx)$/.test(entry.name)) yield full;
  }
}

/** Files that import db/client.ts, by alias or by relative path. */
function importsClient(file: string): boolean {
  const text = fs.readFileSync(file, "utf8");
  for (const m of text.matchAll(/from\s+["']([^"']+)["']/g)) {
    const spec = m[1] ?? "";
    const target = spec.startsWith("@/")
      ? path.join(root, spec.slice(2))
      : spec.startsWith(".")
        ? path.resolve(path.dirname(file), spec)
        : null;
    if (target && path.relative(root, target).replace(/\.ts$/, "") === "db/client") return true;
  }
  return false;
}

test("only the doors (and start-up tools) import the raw database client", () => {
  const offenders = [...sources(root)]
    .map((file) => path.relative(root, file))
    .filter((rel) => rel !== "db/client.ts" && !ALLOWED.some((re) => re.test(rel)))
    .filter((rel) => importsClient(path.join(root, rel)));
  expect(offenders).toEqual([]);
});
