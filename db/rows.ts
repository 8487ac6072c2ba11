import "server-only";
import { type SQL, type SQLWrapper, sql } from "drizzle-orm";

/** The rows of `db.execute`/`tx.execute`: an array on postgres.js, `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows?: T[] }).rows ?? (result as T[]);
}

/**
 * `column = any($1::uuid[])`: a list of ids as one parameter. Unlike `inArray` (a parameter each),
 * the statement's text does not change with the count, so it is prepared once, and it is built in
 * one step however long the list (the scheduler's batches, hundreds of ids).
 */
export function anyOf(column: SQLWrapper, ids: readonly string[]): SQL {
  return sql`${column} = any(${`{${ids.join(",")}}`}::uuid[])`;
}
