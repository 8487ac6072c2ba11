import "server-only";
import { and, inArray, isNull, lt, sql } from "drizzle-orm";
import { database } from "@/db/client";
import { eventOutbox } from "@/db/schema";
import { sendRows } from "./publish";

/**
 * Resends outbox rows that were not sent right after their commit (Inngest unreachable, process
 * stopped in between). Infrastructure like the executor: it reads every tenant's unsent rows with
 * the owner connection; FORCE RLS holds that role to the outbox's relay policies (read, and mark
 * unsent rows sent: no insert, no delete). `tenantIds` narrows it (tests sharing a database).
 */
export async function relayOutbox(
  opts: { olderThanMs?: number; limit?: number; tenantIds?: string[] } = {},
): Promise<number> {
  const { db } = await database();
  const rows = await db
    .select({ id: eventOutbox.id, name: eventOutbox.name, data: eventOutbox.data })
    .from(eventOutbox)
    .where(
      and(
        isNull(eventOutbox.sentAt),
        lt(eventOutbox.createdAt, new Date(Date.now() - (opts.olderThanMs ?? 5_000))),
        opts.tenantIds ? inArray(eventOutbox.tenantId, opts.tenantIds) : undefined,
      ),
    )
    .orderBy(eventOutbox.createdAt)
    .limit(opts.limit ?? 500);
  if (rows.length === 0) return 0;
  const ids = rows.map((r) => r.id);
  try {
    await sendRows(rows);
    await db
      .update(eventOutbox)
      .set({ sentAt: sql`now()`, attempts: sql`${eventOutbox.attempts} + 1` })
      .where(inArray(eventOutbox.id, ids));
    return rows.length;
  } catch (error) {
    await db
      .update(eventOutbox)
      .set({ attempts: sql`${eventOutbox.attempts} + 1`, lastError: String((error as Error).message).slice(0, 500) })
      .where(inArray(eventOutbox.id, ids));
    throw error;
  }
}

let timer: NodeJS.Timeout | undefined;

/** Starts the periodic relay (idempotent). */
export function startOutboxRelay(intervalMs = 10_000): void {
  if (timer) return;
  timer = setInterval(() => {
    relayOutbox().catch((error) => console.error("[events] relay failed", error));
  }, intervalMs);
  timer.unref();
}
