import { randomUUID } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { database } from "@/db/client";
import { eventOutbox } from "@/db/schema";
import { withTenant, withUser } from "@/db/tenant";
import { pgCode } from "@/lib/errors";
import { enqueue } from "@/lib/events/publish";
import { makeOwner } from "../../support/factory";

/**
 * The outbox's RLS is forced, so in production, where the app connects as a plain (non-superuser)
 * owner, the relay sees only what its policies allow. A superuser (PGlite, CI's postgres) bypasses
 * RLS, so the test acts as a fresh non-superuser role: policies hold it exactly as they hold a
 * non-superuser owner under FORCE.
 */
const RELAY = "opsdesk_relay_probe";

test("the relay's role reads every tenant's outbox rows and marks unsent ones sent; nothing else", async () => {
  const a = await makeOwner("relay-a");
  const b = await makeOwner("relay-b");
  const tag = randomUUID();
  const put = (actor: typeof a.actor) =>
    withTenant(actor, (tx) =>
      enqueue(tx, actor.tenantId, [
        { name: "work-order/submitted", data: { tenantId: actor.tenantId, orderId: tag, requesterId: actor.userId } },
      ]),
    );
  const ids = [(await put(a.actor)).rows[0]!.id, (await put(b.actor)).rows[0]!.id];
  const { db } = await database();
  await db.execute(
    sql.raw(`do $$ begin
    if not exists (select 1 from pg_roles where rolname = '${RELAY}') then create role ${RELAY} nologin; end if;
  exception when duplicate_object or unique_violation then null; -- made by a parallel run meanwhile
  end $$`),
  );
  await db.execute(sql.raw(`grant select, update on event_outbox to ${RELAY}`));

  const asRelay = <T>(fn: (tx: Parameters<Parameters<typeof db.transaction>[0]>[0]) => Promise<T>) =>
    db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local role ${RELAY}`));
      return fn(tx);
    });
  const unsent = await asRelay((tx) =>
    tx.select({ id: eventOutbox.id }).from(eventOutbox).where(inArray(eventOutbox.id, ids)),
  );
  expect(unsent.map((r) => r.id).sort()).toEqual([...ids].sort());

  await asRelay((tx) =>
    tx
      .update(eventOutbox)
      .set({ sentAt: sql`now()`, attempts: sql`${eventOutbox.attempts} + 1` })
      .where(inArray(eventOutbox.id, ids)),
  );
  // A sent row is not marked again, and the relay deletes and inserts nothing.
  const again = await asRelay((tx) =>
    tx.update(eventOutbox).set({ attempts: 99 }).where(inArray(eventOutbox.id, ids)).returning({ id: eventOutbox.id }),
  );
  expect(again).toEqual([]);
  await db.execute(sql.raw(`grant insert, delete on event_outbox to ${RELAY}`));
  expect(await asRelay((tx) => tx.delete(eventOutbox).where(inArray(eventOutbox.id, ids)).returning())).toEqual([]);
  const forged = asRelay((tx) =>
    tx.insert(eventOutbox).values({ tenantId: a.tenant.id, name: "forged", data: {} }).returning(),
  );
  await expect(forged).rejects.toSatisfy((e) => pgCode(e) === "42501");
  // Marked sent, seen through each tenant's door.
  for (const actor of [a.actor, b.actor]) {
    const rows = await withTenant(actor, (tx) => tx.select().from(eventOutbox).where(inArray(eventOutbox.id, ids)));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.sentAt).not.toBeNull();
  }
  // The app role never gets the relay's view: no tenant, no rows, sent or not.
  expect(
    await withUser({ userId: null }, (tx) => tx.select().from(eventOutbox).where(inArray(eventOutbox.id, ids))),
  ).toEqual([]);
});
