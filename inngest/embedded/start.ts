import "server-only";
import { database } from "@/db/client";
import { env } from "@/env";
import { embeddedWiring, inngest } from "@/inngest/client";
import { allEvents } from "@/inngest/events";
import { functions } from "@/inngest/functions";
import { inngestMode } from "@/inngest/mode";
import { createExecutor, type EmbeddedExecutor } from "./executor";

const holder = globalThis as unknown as { __opsdeskInngestExecutor?: Promise<EmbeddedExecutor> };

/**
 * Starts the embedded Inngest executor with the Next.js server (instrumentation → lib/boot.ts).
 * No-op in external mode; idempotent. Throws (a startup error naming function and option) when a
 * function uses an option the executor does not implement. Another process holding this
 * database's lease keeps this one on standby: it still accepts events, the leader runs them.
 */
export function startEmbeddedExecutor(): Promise<EmbeddedExecutor | null> {
  if (inngestMode() !== "embedded") return Promise.resolve(null);
  holder.__opsdeskInngestExecutor ??= (async () => {
    const { db } = await database();
    const { transport, keys } = embeddedWiring();
    const executor = createExecutor({
      db,
      client: inngest,
      functions,
      transport,
      keys,
      serveUrl: new URL("/api/inngest", env.APP_URL).href,
      events: allEvents,
    });
    await executor.start();
    return executor;
  })().catch((error) => {
    holder.__opsdeskInngestExecutor = undefined;
    throw error;
  });
  return holder.__opsdeskInngestExecutor;
}

/** The running executor (embedded mode, after start), e.g. for re-running a failed run. */
export function embeddedExecutor(): Promise<EmbeddedExecutor> | null {
  return holder.__opsdeskInngestExecutor ?? null;
}
