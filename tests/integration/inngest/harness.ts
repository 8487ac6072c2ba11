import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import { Inngest, type InngestFunction } from "inngest";
import { database } from "@/db/client";
import { inngestQueue, inngestRuns, inngestSteps } from "@/db/schema/inngest";
import { type ManualClock, manualClock, systemClock } from "@/inngest/embedded/clock";
import { createExecutor, type EmbeddedExecutor, type Logger } from "@/inngest/embedded/executor";
import { createTransport, embeddedClientOptions, randomKeys } from "@/inngest/embedded/transport";

export const silent: Logger & { debug(): void } = {
  info() {},
  warn() {},
  error: process.env.DEBUG_EXECUTOR ? (m: string, e?: unknown) => console.error(m, e) : () => {},
  debug() {},
};

/**
 * A fresh embedded app for one test: its own app id (so tests can share a Postgres database),
 * a real `Inngest` client wired to the executor through the in-process transport, the real
 * `serve()` handler, and a manual clock.
 */
export function embeddedApp(
  name = "conf",
  shared?: { appId: string; keys: ReturnType<typeof randomKeys>; clock: ManualClock },
) {
  const appId = shared?.appId ?? `${name}-${randomUUID().slice(0, 8)}`;
  const transport = createTransport();
  const keys = shared?.keys ?? randomKeys();
  const inngest = new Inngest({ id: appId, ...embeddedClientOptions(transport, keys), logger: silent });
  const clock = shared?.clock ?? manualClock();
  let current: EmbeddedExecutor | null = null;

  async function start(
    functions: InngestFunction.Any[],
    opts: {
      events?: unknown[];
      leaseMs?: number;
      realClock?: boolean;
      concurrency?: number;
      stepTimeoutMs?: number;
      pollMs?: number;
      logger?: Logger;
      /** What the executor gets instead of the database (say, one that can be cut off). */
      wrapDb?: <D extends object>(db: D) => D;
    } = {},
  ) {
    const { db: real } = await database();
    const db = opts.wrapDb ? opts.wrapDb(real) : real;
    const executor = createExecutor({
      db,
      client: inngest,
      functions,
      transport,
      keys,
      clock: opts.realClock ? systemClock : clock,
      logger: opts.logger ?? silent,
      events: opts.events,
      leaseMs: opts.leaseMs,
      concurrency: opts.concurrency,
      stepTimeoutMs: opts.stepTimeoutMs,
      pollMs: opts.pollMs,
    });
    await executor.start();
    current = executor;
    return executor;
  }

  return {
    appId,
    /** Another "process" of the same app on the same database: new client, transport and executor. */
    sibling: () => embeddedApp(name, { appId, keys, clock }),
    inngest,
    clock,
    transport,
    keys,
    start,
    get executor() {
      if (!current) throw new Error("not started");
      return current;
    },
    /** Runs everything due; then, while timers are pending within `maxMs`, jumps the clock to the next one. */
    async settle(maxMs = 0) {
      const ex = current as EmbeddedExecutor;
      const until = clock.now() + maxMs;
      await ex.drain();
      for (let i = 0; ; i++) {
        if (i > 5000) throw new Error("settle: the executor does not become idle");
        const next = await ex.nextFireAt();
        if (next === null || next > until) return;
        if (next > clock.now()) clock.set(next);
        await ex.drain();
      }
    },
    async runs(functionSlug?: string) {
      const { db } = await database();
      return db
        .select()
        .from(inngestRuns)
        .where(
          and(
            eq(inngestRuns.appId, appId),
            functionSlug ? eq(inngestRuns.functionId, `${appId}-${functionSlug}`) : undefined,
          ),
        )
        .orderBy(asc(inngestRuns.createdAt), asc(inngestRuns.id));
    },
    async steps(runId: string) {
      const { db } = await database();
      return db.select().from(inngestSteps).where(eq(inngestSteps.runId, runId)).orderBy(asc(inngestSteps.seq));
    },
    async queue() {
      const { db } = await database();
      return db.select().from(inngestQueue).where(eq(inngestQueue.appId, appId));
    },
  };
}
