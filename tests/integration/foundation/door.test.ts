import { randomUUID } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { database } from "@/db/client";
import { listMembers } from "@/db/queries/tenancy";
import { tenants } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { pgCode } from "@/lib/errors";
import { makeOwner } from "../../support/factory";

/** Rows of a raw `execute`, whichever driver answered (postgres.js: an array; PGlite: `{ rows }`). */
const rowsOf = <T>(result: unknown): T[] => ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];

// The door's transaction primitive: on PostgreSQL BEGIN, the context and the first statement are
// pipelined and statements are prepared per connection; these pin down what that must not change.
describe("the door's transactions", () => {
  let a: Awaited<ReturnType<typeof makeOwner>>;
  let b: Awaited<ReturnType<typeof makeOwner>>;
  beforeAll(async () => {
    a = await makeOwner("alice");
    b = await makeOwner("bob");
  });

  test("the prelude has run before the first statement of the transaction", async () => {
    const { transaction } = await database();
    for (let i = 0; i < 20; i++) {
      const rows = await transaction(sql`select set_config('app.probe', ${String(i)}, true)`, (tx) =>
        tx.execute<{ probe: string }>(sql`select current_setting('app.probe', true) as probe`),
      );
      expect(rowsOf<{ probe: string }>(rows)[0]?.probe).toBe(String(i));
    }
  });

  test("a failing prelude is the error the caller gets, and nothing of the transaction is kept", async () => {
    const { transaction } = await database();
    const name = `door-${Date.now()}`;
    const error = await transaction(sql`select 1 / ${0}::int`, (tx) =>
      tx.insert(tenants).values({ slug: name, name, timeZone: "UTC" }).returning(),
    ).catch((e: unknown) => e);
    // The prelude's own error (22012), not the "transaction is aborted" (25P02) of the insert after it.
    expect(pgCode(error)).toBe("22012");
    const { db } = await database();
    expect(rowsOf(await db.execute(sql`select 1 from tenants where slug = ${name}`))).toHaveLength(0);
  });

  test("an error inside rolls the transaction back and leaves the connection usable", async () => {
    await expect(
      withTenant(a.actor, async (tx) => {
        await tx.execute(sql`select set_config('app.left_behind', 'yes', true)`);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const { transaction } = await database();
    for (let i = 0; i < 12; i++) {
      const rows = await transaction(sql`select 1`, (tx) =>
        tx.execute<{ left: string | null }>(sql`select nullif(current_setting('app.left_behind', true), '') as left`),
      );
      expect(rowsOf<{ left: string | null }>(rows)[0]?.left ?? null).toBeNull();
    }
  });

  test("the same prepared statement, alternating tenants on the pool's connections, shows each its own rows", async () => {
    // More rounds than connections and than PostgreSQL's five custom plans before a generic one.
    for (let i = 0; i < 30; i++) {
      const who = i % 2 === 0 ? a : b;
      const members = await withTenant(who.actor, (tx) => listMembers(tx));
      expect(members.map((m) => m.userId)).toEqual([who.userId]);
    }
  });

  test("on PostgreSQL, a statement run again on a connection is not parsed again (it is prepared), with or without parameters", async () => {
    const { kind, transaction } = await database();
    if (kind !== "postgres") return; // PGlite runs in-process: nothing to save
    const withParameter = sql`select count(*) from tenants where id = ${a.tenant.id}::uuid`;
    const without = sql`select count(*) as door_probe from tenants`;
    await transaction(sql`select 1`, async (tx) => {
      await tx.execute(withParameter);
      await tx.execute(without);
    });
    const prepared = await transaction(sql`select 1`, async (tx) => {
      await tx.execute(withParameter);
      await tx.execute(without);
      return tx.execute<{ statement: string }>(sql`select statement from pg_prepared_statements`);
    });
    const statements = rowsOf<{ statement: string }>(prepared).map((r) => r.statement);
    expect(statements.some((s) => s.includes("select count(*) from tenants where id ="))).toBe(true);
    expect(statements.some((s) => s.includes("select count(*) as door_probe from tenants"))).toBe(true);
  });

  test("on PostgreSQL, bulk statements are not kept prepared (their text changes with the row count)", async () => {
    const { kind, transaction } = await database();
    if (kind !== "postgres") return;
    const ids = Array.from({ length: 150 }, () => randomUUID());
    const statements = await transaction(sql`select 1`, async (tx) => {
      await tx.select({ id: tenants.id }).from(tenants).where(inArray(tenants.id, ids));
      return tx.execute<{ statement: string; params: number }>(
        sql`select statement, cardinality(parameter_types) as params from pg_prepared_statements`,
      );
    });
    expect(rowsOf<{ params: number }>(statements).every((r) => Number(r.params) <= 100)).toBe(true);
  });
});
