import { database } from "@/db/client";
import { embeddedWiring, inngest } from "@/inngest/client";
import { type ManualClock, manualClock } from "@/inngest/embedded/clock";
import { createExecutor, type EmbeddedExecutor } from "@/inngest/embedded/executor";
import { allEvents } from "@/inngest/events";
import { functions } from "@/inngest/functions";
import { installClock } from "@/lib/clock";
import { dispatched } from "@/lib/events/publish";
import { silent } from "./harness";

const cronTriggered = (f: (typeof functions)[number]) =>
  ((f.opts as { triggers?: { cron?: string }[] }).triggers ?? []).some((t) => t.cron !== undefined);

/**
 * The app's own client and functions on an embedded executor, with a manual clock that starts
 * now (so domain timestamps and the executor agree). Files using it are `*.executor.test.ts`:
 * one executor per app and database holds the lease, so they run one at a time.
 * `withoutCron` leaves out the cron-triggered functions (a test jumping the clock by days would
 * otherwise fire their missed ticks). The manual clock is the domain's clock too (lib/clock.ts)
 * while the executor runs. The jobs scheduler's tick is left out: it claims the due schedules of
 * every tenant, and other files running alongside have theirs; scheduler tests call its claim with
 * their own tenants (lib/jobs/tick.ts `claimDueSchedules({ tenantIds })`).
 */
export function appExecutor(opts: { withoutCron?: boolean } = {}) {
  const clock: ManualClock = manualClock(Date.now());
  let executor: EmbeddedExecutor | null = null;
  let restoreClock: (() => void) | null = null;
  const current = () => {
    if (!executor) throw new Error("appExecutor: not started");
    return executor;
  };
  return {
    clock,
    get executor() {
      return current();
    },
    async start() {
      const { db } = await database();
      const { transport, keys } = embeddedWiring();
      executor = createExecutor({
        db,
        client: inngest,
        functions: functions.filter((f) =>
          opts.withoutCron ? !cronTriggered(f) : (f.opts as { id: string }).id !== "job-schedule-tick",
        ),
        transport,
        keys,
        clock,
        logger: silent,
        events: allEvents,
      });
      await executor.start();
      restoreClock = installClock(() => clock.now());
    },
    async stop() {
      restoreClock?.();
      await current().stop();
    },
    /** Runs everything due, jumping the clock over timers and retry backoff within `maxMs`. */
    async settle(maxMs = 0) {
      const ex = current();
      const until = clock.now() + maxMs;
      await dispatched(); // events of actions just taken are on their way to the executor
      await ex.drain();
      for (let i = 0; i < 1000; i++) {
        await dispatched();
        const next = await ex.nextFireAt();
        if (next === null || next > until) return;
        if (next > clock.now()) clock.set(next);
        await ex.drain();
      }
      throw new Error("settle: the executor does not become idle");
    },
  };
}
