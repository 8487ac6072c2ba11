import "server-only";
import { createHash, createHmac } from "node:crypto";
import { and, eq, gte, lt, sql } from "drizzle-orm";
import { idempotencyKeys } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { SafeError } from "@/lib/errors";
import { dataKey } from "@/lib/secrets";

/**
 * Idempotent creates. A create form makes a key when it renders (useActionForm) and sends it with
 * every try; the domain operation runs its create through `once` inside its own `withTenant`
 * transaction, so the key is stored if and only if the create commits. A repeat of the key — a
 * retry after a lost response, a double click, a concurrent second request — gets the first
 * result back and writes nothing. Keys belong to tenant + user (the door's context, enforced by
 * the table's policy) + action, and last a day.
 */

/** The input of a create that may carry the key its form made. */
export type Keyed = { idempotencyKey?: string | null };

const TTL = sql`now() - interval '1 day'`;

/** The field a refused reuse is reported on: useActionForm renews its key when it sees it. */
export const KEY_FIELD = "idempotencyKey";

let fingerprintKey: Buffer | undefined;

/**
 * HMAC-SHA256 of the input (keys sorted, without the key itself and the tenant slug), keyed from
 * the data key: inputs may hold secrets (channel tokens, internal values), and a plain hash of them
 * could be tested against guesses by whoever reads the table.
 */
export function fingerprint(input: object): string {
  const { idempotencyKey: _key, tenant: _tenant, ...rest } = input as Record<string, unknown>;
  fingerprintKey ??= createHmac("sha256", dataKey()).update("opsdesk idempotency fingerprint").digest();
  return createHmac("sha256", fingerprintKey).update(stableJson(rest)).digest("hex");
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * A uuid that is the same for every try of one keyed request: for creates whose transaction must
 * know the new row's id before anything is written (e.g. "create tenant" opens the new tenant's
 * door, where `once` then finds the key of an earlier try).
 */
export function idOfKey(action: string, userId: string, key: string): string {
  const b = createHash("sha256").update(`${action}\n${userId}\n${key}`).digest().subarray(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x80; // version 8: custom
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function ofKey(action: string, key: string) {
  // tenant_id and user_id: the policy already limits the table to the door's tenant and user.
  return and(eq(idempotencyKeys.action, action), eq(idempotencyKeys.key, key));
}

function firstResult<R>(row: { fingerprint: string; result: unknown }, input: object): R {
  if (row.fingerprint !== fingerprint(input)) {
    throw new SafeError("idempotency.resent", { field: KEY_FIELD });
  }
  if (row.result === null) throw new Error("idempotency key claimed but its result was never stored");
  return row.result as R;
}

/**
 * What an earlier request with this key returned, if there was one (undefined when the input has
 * no key or the key is new). For operations that do work before their create's transaction (e.g.
 * fetch options over HTTP), so a repeat skips it; the create itself still goes through `once`.
 */
export async function recall<R>(tx: Tx, action: string, input: Keyed): Promise<R | undefined> {
  const key = input.idempotencyKey;
  if (!key) return undefined;
  const [row] = await tx
    .select({ fingerprint: idempotencyKeys.fingerprint, result: idempotencyKeys.result })
    .from(idempotencyKeys)
    .where(and(ofKey(action, key), gte(idempotencyKeys.createdAt, TTL)));
  return row ? firstResult<R>(row, input) : undefined;
}

/**
 * Runs `create` once per key, in the caller's transaction: claims the key first (on PostgreSQL a
 * concurrent request with the same key waits here until the first commits, then reads its
 * result; if the first rolls back, the second creates), then runs `create`, then stores
 * `resultOf(created)` — the JSON the repeats will get. `created` is there only when this call
 * created (so only then send its events). Without a key, it just creates.
 */
export async function once<T, R = T>(
  tx: Tx,
  action: string,
  input: Keyed,
  create: () => Promise<T>,
  resultOf: (created: T) => R = (created) => created as unknown as R,
): Promise<{ result: R; created?: T }> {
  const key = input.idempotencyKey;
  if (!key) {
    const created = await create();
    return { result: resultOf(created), created };
  }
  // The user's expired keys go first (so an old key is claimable again), then the claim, issued
  // back to back: one round trip.
  const expired = tx.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, TTL)).execute();
  const claim = tx
    .insert(idempotencyKeys)
    .values({ action, key, fingerprint: fingerprint(input) })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key })
    .execute();
  const [, claimed] = await Promise.all([expired, claim]);
  if (claimed.length === 0) {
    const [row] = await tx
      .select({ fingerprint: idempotencyKeys.fingerprint, result: idempotencyKeys.result })
      .from(idempotencyKeys)
      .where(ofKey(action, key));
    if (!row) throw new Error("idempotency key conflict but no row");
    return { result: firstResult<R>(row, input) };
  }
  const created = await create();
  const result = resultOf(created);
  await tx
    .update(idempotencyKeys)
    .set({ result: (result ?? null) as unknown })
    .where(ofKey(action, key));
  return { result, created };
}
