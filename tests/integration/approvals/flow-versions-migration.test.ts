import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { afterAll, describe, expect, test } from "vitest";
import { levelsToGraph } from "@/lib/approvals/flow";
import { asApprovalGraph, flowIssues, routeLevels } from "@/lib/approvals/flow-graph";
import { level } from "../../support/work-orders";

/**
 * Migration 0029 on a database of its own (an in-memory PGlite, or a scratch database on the
 * PostgreSQL server of DATABASE_URL): the schema up to 0028, a flow saved by the form editor as
 * it was then (a chain, no version), then 0029. The flow must come out published as version 1,
 * its graph as it was, readable through the app role of its tenant only.
 */

const MIGRATIONS = path.join(process.cwd(), "db/migrations");
const FIRST_NEW = "0029_approval_flow_versions_force_rls";

/** The migrations folder as it was before `FIRST_NEW` (the journal cut there). */
function migrationsBefore(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsdesk-migrations-"));
  fs.mkdirSync(path.join(dir, "meta"));
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS, "meta/_journal.json"), "utf8")) as {
    entries: { tag: string }[];
  };
  const cut = journal.entries.findIndex((e) => e.tag === FIRST_NEW);
  expect(cut).toBeGreaterThan(0);
  const entries = journal.entries.slice(0, cut);
  for (const e of entries) fs.copyFileSync(path.join(MIGRATIONS, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
  fs.writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify({ ...journal, entries }));
  return dir;
}

type Scratch = {
  migrate: (folder: string) => Promise<void>;
  query: <T>(text: string, params?: unknown[]) => Promise<T[]>;
  close: () => Promise<void>;
};

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function scratchDatabase(): Promise<Scratch> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const client = await PGlite.create();
    return {
      migrate: (folder) => migratePglite(drizzlePglite(client), { migrationsFolder: folder }),
      query: async <T>(text: string, params?: unknown[]) => (await client.query<T>(text, params)).rows,
      close: () => client.close(),
    };
  }
  const name = `opsdesk_mig_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const sql = postgres(target.toString(), { max: 1, onnotice: () => {} });
  cleanups.push(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  return {
    migrate: (folder) => migratePostgres(drizzlePostgres(sql), { migrationsFolder: folder }),
    query: async <T>(text: string, params?: unknown[]) =>
      (await sql.unsafe(text, (params ?? []) as never[])) as unknown as T[],
    close: () => sql.end(),
  };
}

describe("migration 0029: flows saved before versions", () => {
  test("a chain saved by the form editor becomes version 1, published, its graph as it was, seen by its tenant only", async () => {
    const db = await scratchDatabase();
    try {
      await db.migrate(migrationsBefore());
      const approver = randomUUID();
      const chain = levelsToGraph([level("single", [approver], { name: "Lead" }), level("cc", [approver])]);
      // A tenant as sign-up made it then: the tenant, its built-in owner role, its owner (one transaction).
      const tenant = async (slug: string) => {
        await db.query("begin");
        const [row] = await db.query<{ id: string }>("insert into tenants (slug, name) values ($1, $1) returning id", [
          slug,
        ]);
        await db.query("insert into tenant_roles (tenant_id, key, name, builtin) values ($1, 'OWNER', 'Owner', true)", [
          row?.id,
        ]);
        const [user] = await db.query<{ id: string }>("insert into users (email, name) values ($1, $1) returning id", [
          `${slug}@test.opsdesk.dev`,
        ]);
        await db.query("insert into memberships (tenant_id, user_id, role) values ($1, $2, 'OWNER')", [
          row?.id,
          user?.id,
        ]);
        await db.query("commit");
        return row;
      };
      const ours = await tenant("ours");
      const theirs = await tenant("theirs");
      const [flow] = await db.query<{ id: string }>(
        "insert into approval_flows (tenant_id, name, graph) values ($1, 'Old chain', $2) returning id",
        [ours?.id, JSON.stringify(chain)],
      );
      await db.query("insert into approval_flows (tenant_id, name, graph) values ($1, 'Theirs', $2)", [
        theirs?.id,
        JSON.stringify(chain),
      ]);

      await db.migrate(MIGRATIONS);

      const [state] = await db.query<{ published_version: number | null }>(
        "select published_version from approval_flows where id = $1",
        [flow?.id],
      );
      expect(state?.published_version).toBe(1);
      const versions = await db.query<{ version: number; graph: unknown; tenant_id: string }>(
        "select version, graph, tenant_id from approval_flow_versions where flow_id = $1",
        [flow?.id],
      );
      expect(versions).toHaveLength(1);
      expect(versions[0]?.version).toBe(1);
      expect(versions[0]?.tenant_id).toBe(ours?.id);
      const stored = typeof versions[0]?.graph === "string" ? JSON.parse(versions[0].graph) : versions[0]?.graph;
      expect(stored).toEqual(chain);
      // It routes as the chain it is: what an order submitted on it pins.
      const graph = asApprovalGraph(stored);
      expect(flowIssues(graph)).toEqual([]);
      expect(routeLevels(graph, {}).levels.map((l) => [l.nodeId, l.name, l.kind])).toEqual([
        ["level-1", "Lead", "single"],
        ["level-2", "cc level", "cc"],
      ]);

      // Through the app role, a tenant sees its own versions only, and cannot change them.
      const asApp = async (tenantId: string | undefined, text: string) => {
        await db.query("begin");
        try {
          await db.query("set local role opsdesk_app");
          await db.query("select set_config('app.tenant_id', $1, true)", [tenantId]);
          return await db.query<{ n: number }>(text);
        } finally {
          await db.query("rollback");
        }
      };
      const count = "select count(*)::int as n from approval_flow_versions";
      expect((await asApp(ours?.id, count))[0]?.n).toBe(1);
      expect((await asApp(theirs?.id, count))[0]?.n).toBe(1);
      expect((await asApp(randomUUID(), count))[0]?.n).toBe(0);
      await expect(asApp(ours?.id, "update approval_flow_versions set version = 2")).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await db.close();
    }
  });
});
