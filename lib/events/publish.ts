import "server-only";
import { randomUUID } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import { eventOutbox } from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import type { AppEvent } from "./registry";

/** What `enqueue` wrote: the rows as sent (the row id is the event id), so `dispatch` need not read them back. */
export type Outbox = { tenantId: string; rows: { id: string; name: string; data: unknown }[] };

/**
 * Writes events to the outbox inside the caller's transaction (they exist only if it commits). One
 * statement with one parameter however many events (the scheduler writes hundreds per batch); an
 * event without an id gets a fresh one here.
 */
export async function enqueue(tx: Tx, tenantId: string, events: readonly AppEvent[]): Promise<Outbox> {
  if (events.length === 0) return { tenantId, rows: [] };
  const rows = events.map((e) => ({ id: e.id ?? randomUUID(), name: e.name, data: e.data as unknown }));
  await tx.execute(sql`
    insert into ${eventOutbox} (id, name, data)
    select id, name, data from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(id uuid, name text, data jsonb)`);
  return { tenantId, rows };
}

const inFlight = new Set<Promise<void>>();

/**
 * After commit: sends the outbox rows to Inngest and marks them sent, without holding up the
 * caller — the action succeeded when its transaction committed, and the user need not wait for
 * the event bus. A failure is logged and left to the relay (lib/events/relay.ts), which resends
 * unsent rows, so an event can be late but never lost.
 */
export function dispatch(outbox: Outbox): void {
  if (outbox.rows.length === 0) return;
  const sending = send(outbox).finally(() => inFlight.delete(sending));
  inFlight.add(sending);
}

/** Resolves once every dispatch started so far has finished (tests, benchmarks, shutdown). */
export async function dispatched(): Promise<void> {
  while (inFlight.size > 0) await Promise.all(inFlight);
}

async function send(outbox: Outbox): Promise<void> {
  const ctx = { tenantId: outbox.tenantId, userId: null };
  const ids = outbox.rows.map((r) => r.id);
  try {
    await sendRows(outbox.rows);
    await withTenant(ctx, (tx) =>
      tx
        .update(eventOutbox)
        .set({ sentAt: sql`now()`, attempts: sql`${eventOutbox.attempts} + 1` })
        .where(inArray(eventOutbox.id, ids)),
    );
  } catch (error) {
    console.warn(`[events] ${ids.length} event(s) not sent yet, the relay will retry: ${(error as Error).message}`);
    await withTenant(ctx, (tx) =>
      tx
        .update(eventOutbox)
        .set({ attempts: sql`${eventOutbox.attempts} + 1`, lastError: String((error as Error).message).slice(0, 500) })
        .where(inArray(eventOutbox.id, ids)),
    ).catch(() => {});
  }
}

/** Sends outbox rows as Inngest events; the row id is the event id (Inngest deduplicates by it). */
export async function sendRows(rows: { id: string; name: string; data: unknown }[]): Promise<void> {
  if (rows.length === 0) return;
  const { inngest } = await import("@/inngest/client");
  await inngest.send(
    rows.map((r) => ({ id: r.id, name: r.name, data: r.data })) as unknown as Parameters<typeof inngest.send>[0],
  );
}
