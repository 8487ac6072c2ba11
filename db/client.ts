import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { env } from "@/env";
import * as schema from "./schema";

type Schema = typeof schema;
type Relations = ExtractTablesWithRelations<Schema>;
export type Db = PgDatabase<PgQueryResultHKT, Schema, Relations>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, Relations>;

export type Database = {
  db: Db;
  kind: "pglite" | "postgres";
  close(): Promise<void>;
};

const MIGRATIONS = path.join(process.cwd(), "db/migrations");
const MIGRATION_LOCK = 7_261_001;

/** The data folder of the embedded default (PGlite files, generated keys). */
export function dataDir(): string {
  return env.OPSDESK_DATA_DIR;
}

async function openPostgres(url: string): Promise<Database> {
  // Migrate on a single connection holding an advisory lock, so parallel starters (test
  // workers, several app instances) apply each migration once.
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres(admin), { migrationsFolder: MIGRATIONS });
    await admin`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await admin.end();
  }
  const client = postgres(url, { max: 10, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return { db, kind: "postgres", close: () => client.end() };
}

async function openPglite(dir: string): Promise<Database> {
  let client: PGlite;
  if (dir === "memory://") {
    client = await PGlite.create();
  } else {
    const target = path.resolve(dir, "pglite");
    fs.mkdirSync(target, { recursive: true });
    client = await PGlite.create(target);
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS });
  return { db, kind: "pglite", close: () => client.close() };
}

const holder = globalThis as unknown as { __opsdeskDb?: Promise<Database> };

/**
 * The process-wide database: PostgreSQL when DATABASE_URL is set, else embedded PGlite under
 * OPSDESK_DATA_DIR. Migrations are applied on first open. Only the doors in `db/tenant.ts`
 * (and migrations/seeding tools) may use it: everything else goes through those doors.
 */
export function database(): Promise<Database> {
  holder.__opsdeskDb ??= (env.DATABASE_URL ? openPostgres(env.DATABASE_URL) : openPglite(dataDir())).catch((error) => {
    holder.__opsdeskDb = undefined;
    throw error;
  });
  return holder.__opsdeskDb;
}

/** Close the process-wide database (tests, CLI tools). */
export async function closeDatabase(): Promise<void> {
  const open = holder.__opsdeskDb;
  holder.__opsdeskDb = undefined;
  if (open) await (await open).close();
}
