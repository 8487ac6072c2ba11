/**
 * Embedded Inngest executor throughput: one function with 40 sequential no-op `step.run`s and one
 * with 40 parallel ones (Promise.all), run end to end through the real SDK serve handler and the
 * executor's database (PGlite in memory by default, DATABASE_URL when set).
 * Targets (2-core box): ≤ 1 s per function run, ≤ 20 ms per step.
 */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { Inngest } from "inngest";
import { closeDatabase, database } from "@/db/client";
import { inngestRuns } from "@/db/schema/inngest";
import { createExecutor } from "@/inngest/embedded/executor";
import { createTransport, embeddedClientOptions, randomKeys } from "@/inngest/embedded/transport";

const STEPS = 40;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const quiet = { info() {}, warn() {}, error() {}, debug() {} };

async function main() {
  const t0 = performance.now();
  const { db, kind } = await database();
  console.log(`database: ${kind} (opened + migrated in ${Math.round(performance.now() - t0)} ms)`);
  const transport = createTransport();
  const keys = randomKeys();
  const appId = `bench-${randomUUID().slice(0, 8)}`;
  const inngest = new Inngest({ id: appId, ...embeddedClientOptions(transport, keys), logger: quiet });
  const sequential = inngest.createFunction(
    { id: "sequential", triggers: [{ event: "bench/sequential" }] },
    async ({ step }) => {
      let last = 0;
      for (let i = 0; i < STEPS; i++) last = await step.run(`step-${i}`, () => i);
      return last;
    },
  );
  const parallel = inngest.createFunction(
    { id: "parallel", triggers: [{ event: "bench/parallel" }] },
    async ({ step }) => {
      const all = await Promise.all(Array.from({ length: STEPS }, (_, i) => step.run(`step-${i}`, () => i)));
      return all.length;
    },
  );
  // Real time, but no background loop: the benchmark drains the executor itself.
  const executor = createExecutor({
    db,
    client: inngest,
    functions: [sequential, parallel],
    transport,
    keys,
    logger: quiet,
    clock: { now: () => Date.now(), manual: true },
  });
  await executor.start();

  async function once(event: string): Promise<number> {
    const start = performance.now();
    const { ids } = await inngest.send({ name: event, data: {} });
    await executor.drain();
    const elapsed = (performance.now() - start) / 1000;
    const [run] = await db
      .select()
      .from(inngestRuns)
      .where(eq(inngestRuns.eventId, ids[0] as string));
    if (run?.status !== "completed")
      throw new Error(`${event}: run ended ${run?.status}: ${JSON.stringify(run?.error)}`);
    return elapsed;
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

  await once("bench/sequential"); // warm-up (JIT, prepared statements)
  await once("bench/parallel");
  const seq: number[] = [];
  const par: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    seq.push(await once("bench/sequential"));
    par.push(await once("bench/parallel"));
  }
  const s = median(seq);
  const p = median(par);
  console.log(
    `sequential ${STEPS} steps: median ${s.toFixed(3)} s over ${ROUNDS} runs (${((s * 1000) / STEPS).toFixed(1)} ms/step)`,
  );
  console.log(
    `parallel   ${STEPS} steps: median ${p.toFixed(3)} s over ${ROUNDS} runs (${((p * 1000) / STEPS).toFixed(1)} ms/step)`,
  );
  await executor.stop();
  await closeDatabase();
  const result = {
    sequential_40_s: Number(s.toFixed(3)),
    parallel_40_s: Number(p.toFixed(3)),
    per_step_ms: Number(((Math.max(s, p) * 1000) / STEPS).toFixed(2)),
    sequential_per_step_ms: Number(((s * 1000) / STEPS).toFixed(2)),
    parallel_per_step_ms: Number(((p * 1000) / STEPS).toFixed(2)),
    database: kind,
    rounds: ROUNDS,
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
