import { execSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { FIGURES_FILE, p95 } from "./figures";

/**
 * The fault suite runs the production build. `npm test` builds it in its e2e step just before;
 * run alone (`npm run test:faults`), the suite builds it first when there is none. At the end it
 * prints its figures, closing with the `RESULT {json}` line the benchmarks use.
 */
export default function setup() {
  if (!existsSync(path.resolve(".next/BUILD_ID"))) execSync("npm run build", { stdio: "inherit" });
  rmSync(FIGURES_FILE, { force: true });
  return () => {
    if (!existsSync(FIGURES_FILE)) return;
    const rows = readFileSync(FIGURES_FILE, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, number | number[]>);
    const all = (key: string) => rows.flatMap((r) => (key in r ? [r[key] as number | number[]] : [])).flat();
    const recovered = rows.flatMap((r) =>
      Object.entries(r).flatMap(([k, v]) => (/^smtp_.*_mail_recovered_s$/.test(k) ? [v as number] : [])),
    );
    const sum = (key: string) => all(key).reduce((a, b) => a + b, 0);
    const result = {
      mail_recovered_s: recovered.length ? Math.max(...recovered) : null,
      exec_start_during_outage_p95_ms: all("exec_start_delays_ms").length ? p95(all("exec_start_delays_ms")) : null,
      stuck_executions: sum("stuck_executions"),
      orphan_processes: sum("orphan_processes"),
      duplicate_orders: sum("duplicate_orders"),
      unhandled_rejections: sum("unhandled_rejections"),
    };
    for (const r of rows) console.log(`faults: ${JSON.stringify(r)}`);
    console.log(`RESULT ${JSON.stringify(result)}`);
  };
}
