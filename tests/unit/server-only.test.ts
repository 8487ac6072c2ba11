import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const SKIP = new Set(["node_modules", ".next", ".data", ".git", "tests", "bench", "migrations"]);

// Server modules that may not say `import "server-only"`, each for a reason:
const EXCEPTIONS: { pattern: RegExp; why: string }[] = [
  // drizzle-kit loads the schema in plain Node (no react-server condition), where server-only throws.
  { pattern: /^db\/schema\//, why: "loaded by drizzle-kit outside Next" },
  // zod schemas are shared by the forms (client) and the actions that check them again.
  { pattern: /^lib\/validation\//, why: "shared with client forms" },
];

function* sources(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(full);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield full;
  }
}

const read = (file: string) => fs.readFileSync(file, "utf8");
const directive = (text: string, name: string) => new RegExp(`^\\s*["']use ${name}["']`).test(text);

function resolve(from: string, spec: string): string | null {
  const base = spec.startsWith("@/")
    ? path.join(root, spec.slice(2))
    : spec.startsWith(".")
      ? path.resolve(path.dirname(from), spec)
      : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/** Value imports of a file (type-only imports do not reach a bundle). */
function imports(file: string): string[] {
  const text = read(file);
  const specs = [
    ...[...text.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^;]*?\sfrom\s+["']([^"']+)["']/gms)]
      .filter((m) => !m[1])
      .map((m) => m[2] ?? ""),
    ...[...text.matchAll(/^\s*import\s+["']([^"']+)["']/gm)].map((m) => m[1] ?? ""),
  ];
  return specs.map((s) => resolve(file, s)).filter((f): f is string => f !== null);
}

/** Everything a "use client" file pulls into the browser bundle (server actions are references, not code). */
function clientBundled(): Set<string> {
  const all = [...sources(root)];
  const stack = all.filter((f) => directive(read(f), "client"));
  const seen = new Set<string>();
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file) || directive(read(file), "server")) continue;
    seen.add(file);
    stack.push(...imports(file));
  }
  return new Set([...seen].map((f) => path.relative(root, f)));
}

/** Modules that run only on the server: db/, lib/, inngest/, env.ts, minus what the client shares. */
function serverModules(): string[] {
  const client = clientBundled();
  return ["db", "lib", "inngest"]
    .flatMap((dir) => [...sources(path.join(root, dir))])
    .concat(path.join(root, "env.ts"))
    .map((f) => path.relative(root, f))
    .filter((rel) => !client.has(rel))
    .filter((rel) => !/no server imports/i.test(read(path.join(root, rel)).slice(0, 600)))
    .sort();
}

const beginsWithServerOnly = (rel: string) => /^import "server-only";\n/.test(read(path.join(root, rel)));

test('every server module begins with import "server-only"', () => {
  const modules = serverModules();
  expect(modules.length).toBeGreaterThan(50);
  const missing = modules.filter((rel) => !EXCEPTIONS.some((e) => e.pattern.test(rel)) && !beginsWithServerOnly(rel));
  expect(missing).toEqual([]);
});

test("files shared with the client never import server-only (the browser build would refuse them)", () => {
  const client = [...clientBundled()].filter((rel) => /^(db|lib|inngest)\/|^env\.ts$/.test(rel));
  expect(client.filter((rel) => /^import "server-only"/m.test(read(path.join(root, rel))))).toEqual([]);
});

test("every exception still matches a file (a stale one is removed, not kept)", () => {
  const modules = serverModules();
  for (const e of EXCEPTIONS)
    expect(
      modules.some((rel) => e.pattern.test(rel)),
      e.why,
    ).toBe(true);
});
