// npm run bench -- work-orders
// Seeds a tenant with 100,000 orders and 1,000,000 output lines (plus a second tenant of the same
// size, so row-level security has something to filter), then measures the orders list, history,
// submit and approve through the app's own code paths, the same list query bare, and with RLS off.
import { performance } from "node:perf_hooks";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { database } from "@/db/client";
import { getExecution, listExecutions, listOrders } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { startEmbeddedExecutor } from "@/inngest/embedded/start";
import { approveOrder } from "@/lib/approvals/decide-order";
import { dispatched } from "@/lib/events/publish";
import { startExecution } from "@/lib/work-orders/start-execution";
import { submitOrder } from "@/lib/work-orders/submit-order";
import { level, makeTemplate, type WoTenant, workOrderTenant } from "../tests/support/work-orders";

const ORDERS = Number(process.env.BENCH_ORDERS ?? 100_000);
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const EXECUTIONS = Math.max(1, Math.floor(ORDERS / 10));
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))] ?? 0).toFixed(2));
}

/** `n` timed calls of `fn`; `between` (untimed) runs after each, e.g. to let background work finish. */
async function time(
  n: number,
  fn: (i: number) => Promise<unknown>,
  between?: () => Promise<unknown>,
): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn(i);
    samples.push(performance.now() - started);
    await between?.();
  }
  return samples;
}

/**
 * `n` rounds of timing each of `fns` once, the order rotated every round: for comparing variants,
 * so drift on a noisy machine (other work, caches, the host) falls on all of them alike.
 */
async function interleaved(n: number, fns: (() => Promise<unknown>)[]): Promise<number[][]> {
  const samples = fns.map(() => [] as number[]);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < fns.length; k++) {
      const j = (i + k) % fns.length;
      const started = performance.now();
      await (fns[j] as () => Promise<unknown>)();
      samples[j]?.push(performance.now() - started);
    }
  }
  return samples;
}

/** Bulk rows for one tenant, as the owner connection (set-based SQL: seconds, not minutes). */
async function seed(t: WoTenant, templateId: string) {
  const { db } = await database();
  const started = performance.now();
  const requesters = [t.requester.userId, ...t.approvers.map((a) => a.userId)];
  const version = await db.execute<{ id: string }>(
    sql`select id from wo_template_versions where template_id = ${templateId} order by version desc limit 1`,
  );
  const versionId = ((version as unknown as { rows?: { id: string }[] }).rows ??
    (version as unknown as { id: string }[]))[0]?.id;
  await db.execute(sql`
    insert into work_orders (tenant_id, title, template_id, template_version_id, environment_id, purpose_id, requester_id,
                             values, command_preview, status, created_at, updated_at)
    select ${t.owner.tenant.id}::uuid, 'Deploy #' || g, ${templateId}::uuid, ${versionId}::uuid, ${t.envId}::uuid, ${t.purposeId}::uuid,
           (${sql.raw(`array[${requesters.map((r) => `'${r}'::uuid`).join(",")}]`)})[1 + g % ${requesters.length}],
           '{"Host":"host1"}'::jsonb, 'echo "deploying host1"',
           (array['pending','approved','rejected','withdrawn','expired'])[1 + g % 5],
           now() - make_interval(secs => g * 30), now()
    from generate_series(1, ${ORDERS}) g`);
  await db.execute(sql`
    insert into wo_executions (tenant_id, order_id, executor_id, status, command_preview, exit_code, output_lines,
                               queued_at, started_at, finished_at, template_id, environment_id, requester_id)
    select o.tenant_id, o.id, o.requester_id, (array['succeeded','failed','timed_out','cancelled'])[1 + (row_number() over ()) % 4],
           o.command_preview, 0, ${Math.floor(LINES / EXECUTIONS)}, o.created_at, o.created_at, o.created_at + interval '5 seconds',
           o.template_id, o.environment_id, o.requester_id
    from work_orders o where o.tenant_id = ${t.owner.tenant.id}::uuid and o.status = 'approved'
    order by o.created_at desc limit ${EXECUTIONS}`);
  await db.execute(sql`
    insert into wo_execution_output (tenant_id, execution_id, seq, stream, line)
    select e.tenant_id, e.id, s, 'stdout', 'step ' || s || ': ok'
    from (select id, tenant_id from wo_executions where tenant_id = ${t.owner.tenant.id}::uuid limit ${EXECUTIONS}) e,
         generate_series(0, ${Math.floor(LINES / EXECUTIONS) - 1}) s`);
  await db.execute(sql`analyze`);
  return performance.now() - started;
}

async function main() {
  const { kind } = await database();
  console.log(`work-orders bench on ${kind}: ${ORDERS} orders, ${LINES} output lines per tenant, 2 tenants`);

  const a = await workOrderTenant(2);
  const b = await workOrderTenant(2);
  const flowless = await makeTemplate(a);
  const approved = await makeTemplate(a, { levels: [level("single", [a.approvers[0]?.userId as string])] });
  const seedA = await seed(a, flowless);
  await seed(b, await makeTemplate(b));
  console.log(`seeded in ${(seedA / 1000).toFixed(1)} s per tenant`);

  const actor = a.owner.actor;
  await withTenant(actor, (tx) => listOrders(tx, {})); // warm
  const list = await time(ITERATIONS, () => withTenant(actor, (tx) => listOrders(tx, {})));
  const mine = await time(ITERATIONS, () =>
    withTenant(actor, (tx) => listOrders(tx, { requesterId: a.requester.userId })),
  );
  const pending = await time(ITERATIONS, () => withTenant(actor, (tx) => listOrders(tx, { status: "pending" })));
  const history = await time(ITERATIONS, () => withTenant(actor, (tx) => listExecutions(tx, {})));
  const historyFiltered = await time(ITERATIONS, () =>
    withTenant(actor, (tx) => listExecutions(tx, { status: "failed", requesterId: a.requester.userId })),
  );
  console.log(`orders list first page      p95 ${p95(list)} ms`);
  console.log(`  my orders (requester)     p95 ${p95(mine)} ms`);
  console.log(`  status = pending          p95 ${p95(pending)} ms`);
  console.log(`history first page          p95 ${p95(history)} ms`);
  console.log(`  status + requester filter p95 ${p95(historyFiltered)} ms`);

  // The same list, one layer at a time, interleaved (each round runs them in turn):
  // - bare: its SQL (tenant filter written in) on a postgres.js client of its own, prepared, no
  //   transaction (on PGlite: PGlite's own query()).
  // - door: that SQL without the filter through the app's door, which opens the transaction, acts
  //   as the app role and sets the tenant for row-level security.
  // - app: the app's list function in that door (drizzle's query builder and row mapping on top).
  // - RLS off: the door's kind of transaction acting as the owner (RLS bypassed), filter written in.
  const { db, transaction, kind: backend } = await database();
  const columns = `o.id, o.number, o.title, o.status, o.current_level, o.last_execution_status, o.created_at,
    o.decided_at, o.template_id, t.name, o.environment_id, o.requester_id, u.name, o.flow -> o.current_level ->> 'name'
    from work_orders o join wo_templates t on t.id = o.template_id join users u on u.id = o.requester_id`;
  const order = "order by o.created_at desc, o.id desc limit 50";
  const filtered = `select ${columns} where o.tenant_id = $1::uuid ${order}`;
  const tenantId = a.owner.tenant.id;
  const bareClient = backend === "postgres" ? postgres(process.env.DATABASE_URL as string, { max: 1 }) : null;
  const bare = bareClient
    ? () => bareClient.unsafe(filtered, [tenantId], { prepare: true })
    : () => (db as unknown as { $client: PGlite }).$client.query(filtered, [tenantId]);
  const [bareMs = [], doorMs = [], appMs = [], noRlsMs = []] = await interleaved(ITERATIONS, [
    bare,
    () => withTenant(actor, (tx) => tx.execute(sql.raw(`select ${columns} ${order}`))),
    () => withTenant(actor, (tx) => listOrders(tx, {})),
    () =>
      transaction(sql`select set_config('app.tenant_id', ${tenantId}, true)`, (tx) =>
        tx.execute(sql`${sql.raw(`select ${columns} where o.tenant_id = `)}${tenantId}::uuid ${sql.raw(order)}`),
      ),
  ]);
  await bareClient?.end();
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
  const ms = (xs: number[]) => median(xs).toFixed(2);
  const ratio = Number((median(appMs) / median(bareMs)).toFixed(2));
  const rlsOverhead = Number((((median(doorMs) - median(noRlsMs)) / median(noRlsMs)) * 100).toFixed(1));
  console.log(
    `list, layer by layer (medians): bare ${ms(bareMs)} ms → in the door ${ms(doorMs)} ms → app ${ms(appMs)} ms` +
      ` → app/bare ${ratio}×`,
  );
  console.log(`same query, RLS on / off    median ${ms(doorMs)} / ${ms(noRlsMs)} ms → RLS overhead ${rlsOverhead}%`);

  const explain = await withTenant(actor, (tx) =>
    tx.execute(
      sql`explain select id from work_orders where requester_id = ${a.requester.userId}::uuid order by created_at desc limit 50`,
    ),
  );
  const plan = (
    (explain as unknown as { rows?: Record<string, string>[] }).rows ?? (explain as unknown as Record<string, string>[])
  )
    .map((r) => Object.values(r)[0])
    .join("\n");
  console.log(`EXPLAIN my orders:\n${plan}`);

  // Writes and execution run with the embedded executor up (events flow as in the app). The reads
  // above ran without it, so its polling does not blur the per-layer comparison.
  const executor = await startEmbeddedExecutor();
  const approverActor = a.approvers[0]?.actor;
  if (!approverActor) throw new Error("no approver");
  // Each action's own latency: timed one at a time, the events and notifications of the one
  // before (2 fan-outs + 4 deliveries per submit, 1 + 2 per approval) handled in between, untimed.
  const settled = async () => {
    await dispatched();
    await executor?.drain();
  };
  const submitted: string[] = [];
  const submitOne = async () => {
    const o = await submitOrder(a.requester.actor, { templateId: approved, title: "", values: { Host: "host1" } });
    submitted.push(o.id);
  };
  const submit = await time(100, submitOne, settled);
  const approve = await time(100, (i) => approveOrder(approverActor, { orderId: submitted[i] as string }), settled);
  // A burst: 100 back to back while the same process works off their notifications (~6 runs per
  // submit) — a saturation figure for the one Node process, not an action's own cost.
  const burstFrom = submitted.length;
  const submitBurst = await time(100, submitOne);
  const approveBurst = await time(100, (i) =>
    approveOrder(approverActor, { orderId: submitted[burstFrom + i] as string }),
  );
  await settled();
  console.log(`submit (one-level flow)     p95 ${p95(submit)} ms (burst of 100: ${p95(submitBurst)} ms)`);
  console.log(`approve (completes order)   p95 ${p95(approve)} ms (burst of 100: ${p95(approveBurst)} ms)`);

  // Execute click on a no-approval order → the command has started (execution running) on the
  // embedded executor: outbox → Inngest event → execution function → runner claims it.
  const startLatency: number[] = [];
  for (let i = 0; i < 20; i++) {
    const o = await submitOrder(a.requester.actor, { templateId: flowless, title: "", values: { Host: "host1" } });
    const clicked = Date.now();
    const { executionId } = await startExecution(a.requester.actor, { orderId: o.id });
    for (let waited = 0; waited < 10_000; waited += 5) {
      const e = await withTenant(actor, (tx) => getExecution(tx, executionId));
      if (e?.startedAt) {
        startLatency.push(e.startedAt.getTime() - clicked);
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  console.log(`execute click → command started   p95 ${p95(startLatency)} ms (${startLatency.length}/20 started)`);
  await executor?.stop();

  return {
    backend: kind,
    approve_to_start_ms: p95(startLatency),
    orders: ORDERS,
    output_lines: LINES,
    list_p95_ms: p95(list),
    my_orders_p95_ms: p95(mine),
    history_p95_ms: p95(history),
    submit_p95_ms: p95(submit),
    approve_p95_ms: p95(approve),
    submit_burst_p95_ms: p95(submitBurst),
    approve_burst_p95_ms: p95(approveBurst),
    app_vs_bare_ratio: ratio,
    rls_overhead_pct: rlsOverhead,
  };
}

main()
  .then((result) => {
    console.log(`RESULT ${JSON.stringify(result)}`);
    process.exit(0);
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
