import { sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { database } from "@/db/client";

// The embedded executor's own tables (inngest/embedded/): infrastructure it reads and writes on the
// owner connection, so their RLS is enabled but not forced (CODE_STYLE 12). Named one by one: a new
// inngest_* table with a tenant_id must be added here on purpose.
const EXECUTOR_TABLES = new Set(["inngest_events", "inngest_runs", "inngest_steps", "inngest_queue"]);

type Row = { table: string; rls: boolean; forced: boolean; policies: string[] | null };

/** Every table of the public schema with a tenant_id column, its RLS flags and its tenant policies. */
async function tenantTables(): Promise<Row[]> {
  const { db } = await database();
  const result = await db.execute(sql`
    select c.relname as "table", c.relrowsecurity as rls, c.relforcerowsecurity as forced,
      (select array_agg(p.policyname::text order by p.policyname) from pg_policies p
        where p.schemaname = n.nspname and p.tablename = c.relname
          and (coalesce(p.qual, '') || coalesce(p.with_check, '')) like '%tenant_id%app.tenant_id%') as policies
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    order by c.relname`);
  return ((result as { rows?: Row[] }).rows ?? (result as unknown as Row[])) as Row[];
}

test("every table with a tenant_id has RLS enabled and forced, and a policy on app.tenant_id", async () => {
  const rows = await tenantTables();
  expect(rows.length).toBeGreaterThan(10);
  const failing = rows
    .filter((r) => !EXECUTOR_TABLES.has(r.table))
    .filter((r) => !r.rls || !r.forced || !r.policies?.length)
    .map(
      (r) =>
        `${r.table}:${r.rls ? "" : " RLS not enabled"}${r.forced ? "" : " RLS not forced"}${r.policies?.length ? "" : " no tenant policy"}`,
    );
  expect(failing).toEqual([]);
});

test("the executor's exceptions still exist and still keep RLS enabled (only FORCE is waived)", async () => {
  const rows = new Map((await tenantTables()).map((r) => [r.table, r]));
  for (const name of EXECUTOR_TABLES) {
    expect(rows.get(name), name).toBeDefined();
    expect(rows.get(name)?.rls, name).toBe(true);
  }
});
