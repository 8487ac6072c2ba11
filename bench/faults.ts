/**
 * `npm run bench -- faults`: the fault suite (tests/faults) with its figures. It starts the
 * production build against PostgreSQL (DATABASE_URL, or 127.0.0.1:5432), takes SMTP away for
 * FAULT_OUTAGE_S seconds (60 by default) in three ways, cuts the database connections, kills the
 * server mid-execution and mid-burst, and ends with the suite's
 * `RESULT {"mail_recovered_s", "exec_start_during_outage_p95_ms", "stuck_executions",
 * "orphan_processes", "duplicate_orders"}`.
 */
import { spawnSync } from "node:child_process";

const run = spawnSync("npx", ["vitest", "run", "--project", "faults"], { stdio: "inherit", env: process.env });
process.exit(run.status ?? 1);
