import "server-only";
import { database } from "@/db/client";
import { demoCredentialsText, seedDemo } from "@/db/seed";
import { env } from "@/env";
import { startOutboxRelay } from "@/lib/events/relay";
import { reconcileExecutions } from "@/lib/work-orders/reconcile-executions";

/**
 * Server start: open the database (migrations apply), seed the demo in embedded mode, start the
 * embedded Inngest executor (embedded mode only) and the outbox relay, and close executions the
 * previous server left running.
 */
export async function boot(): Promise<void> {
  const started = Date.now();
  const { kind } = await database();
  const seed = env.OPSDESK_SEED_DEMO ? env.OPSDESK_SEED_DEMO === "1" : kind === "pglite";
  if (seed) {
    const created = await seedDemo();
    console.log(`[opsdesk] ${created ? "seeded" : "found"} ${demoCredentialsText()}`);
  }
  console.log(`[opsdesk] database ready (${kind}) in ${Date.now() - started} ms`);
  await (await import("@/inngest/embedded/start")).startEmbeddedExecutor();
  startOutboxRelay();
  // Executions a previous server left running are closed now, not at the reconciler's first tick
  // (their leftover processes stopped first). Not awaited: start-up does not wait on it.
  reconcileExecutions().catch((error) => console.error("[work-orders] reconcile at boot failed", error));
}
