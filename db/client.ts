import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations, SQL } from "drizzle-orm";
import type { PgDatabase, PgDialect, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres, PostgresJsSession, PostgresJsTransaction } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { env } from "@/env";
import { isConnectionError } from "@/lib/errors";
import * as schema from "./schema";

type Schema = typeof schema;
type Relations = ExtractTablesWithRelations<Schema>;
export type Db = PgDatabase<PgQueryResultHKT, Schema, Relations>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, Relations>;

export type Database = {
  db: Db;
  kind: "pglite" | "postgres";
  /**
   * A transaction that runs `prelude` (e.g. setting its context) before anything of `fn`. The
   * one way `db/tenant.ts` opens its doors.
   */
  transaction<T>(prelude: SQL, fn: (tx: Tx) => Promise<T>): Promise<T>;
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
  // A database that is down fails a request within seconds (postgres.js waits 30 s by default):
  // pages then say it is unavailable and retry, instead of hanging.
  const client = postgres(url, { max: 10, onnotice: () => {}, connect_timeout: 5 });
  const db = drizzlePostgres(preparing(client), { schema }) as unknown as Db;
  return { db, kind: "postgres", transaction: pipelinedTransactions(client, db), close: () => client.end() };
}

/**
 * drizzle runs every statement with `prepare: false`, and for a statement with parameters
 * postgres.js then asks the server for their types first (Parse/Describe, wait, then Bind/Execute):
 * two round trips per statement, and nothing pipelines behind it. Asked to prepare, postgres.js
 * (unless its own `prepare` setting is off) prepares a statement on a connection the first time
 * it sees it there and later only binds and executes it: one round trip, pipelined, and planned
 * once. That holds for statements without parameters too (postgres.js would send those as simple
 * queries, parsed and planned every time), so one statement is one command: no `a; b` strings.
 * Bulk statements (many-row inserts, long `IN` lists) are left unprepared: their text changes with
 * the row count, and every kept one would hold server memory for the life of the connection.
 */
const MAX_PREPARED_PARAMS = 100;

function preparing<S extends postgres.Sql | postgres.ReservedSql | postgres.TransactionSql>(sql: S): S {
  type Options = { prepare?: boolean } | undefined;
  const unsafe: postgres.Sql["unsafe"] = (query, params, options?: Options) => {
    // `simple` is a postgres.js query option its types leave out.
    const prepared = { simple: false, ...options, prepare: (params?.length ?? 0) <= MAX_PREPARED_PARAMS } as {
      prepare: boolean;
    };
    return sql.unsafe(query, params, prepared);
  };
  const begin = (...args: unknown[]) => {
    const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
    return (sql as postgres.Sql).begin(...(args as [string]), (tx) => fn(preparing(tx)) as never);
  };
  return new Proxy(sql, {
    get: (target, key, receiver) =>
      key === "unsafe" ? unsafe : key === "begin" && "begin" in target ? begin : Reflect.get(target, key, receiver),
  });
}

/**
 * Transactions on a reserved connection with BEGIN, the prelude and the transaction's first
 * statement pipelined: they leave in one write and their answers come back together, where
 * postgres.js's own `begin()` waits for BEGIN, then the prelude, then the first statement — two
 * extra round trips of a door's three. postgres.js runs a connection's queries in the order they
 * were issued, and both are issued before `fn` runs, so nothing of `fn` can come first. A prelude
 * that fails aborts the transaction; its error, not the "transaction is aborted" of the statements
 * after it, is what the caller gets.
 *
 * The transaction object is drizzle's own (`PostgresJsTransaction` on a `PostgresJsSession`) over
 * that connection, built from the database's dialect and schema as drizzle's `transaction()`
 * builds it. No savepoints: nested transactions are not offered on this path (nothing nests).
 */
function pipelinedTransactions(client: postgres.Sql, db: Db): Database["transaction"] {
  const dialect = (db as unknown as { dialect: PgDialect }).dialect;
  const relational = { schema: db._.schema, fullSchema: db._.fullSchema, tableNamesMap: db._.tableNamesMap };
  return async (prelude, fn) => {
    const { sql: preludeSql, params } = dialect.sqlToQuery(prelude);
    const reserved = await client.reserve();
    const conn = preparing(reserved);
    let lost = false;
    try {
      const ready = Promise.all([
        reserved.unsafe("begin"),
        conn.unsafe(preludeSql, params as postgres.ParameterOrJSON<never>[]),
      ]);
      ready.catch(() => {}); // awaited below, after `fn` has issued its statements
      const session = new PostgresJsSession(conn, dialect, relational as never);
      const tx = new PostgresJsTransaction(dialect, session as never, relational as never) as unknown as Tx;
      try {
        const result = await fn(tx);
        await ready;
        await reserved.unsafe("commit");
        return result;
      } catch (error) {
        const preludeError = await ready.then(
          () => null,
          (e: unknown) => e,
        );
        // The connection died under the transaction (a database restart, pg_terminate_backend):
        // postgres.js (3.4.9) must not be given it again. A query on a reserved connection whose
        // socket has closed throws from a timer, uncaught, and kills the process (porsager/postgres
        // #1208), and a released dead connection poisons the pool. Left unreleased, it stays in the
        // driver's closed queue, which reconnects it on demand; the transaction was rolled back by
        // the server when the connection went.
        lost = isConnectionError(preludeError) || isConnectionError(error);
        if (!lost) await reserved.unsafe("rollback").catch(() => {});
        throw preludeError ?? error;
      }
    } finally {
      if (!lost) reserved.release();
    }
  };
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
  // In-process: no round trips to save, so drizzle's own transaction with the prelude first.
  const transaction: Database["transaction"] = (prelude, fn) =>
    db.transaction(async (tx) => {
      await tx.execute(prelude);
      return fn(tx);
    });
  return { db, kind: "pglite", transaction, close: () => client.close() };
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
