import "server-only";
import { and, eq, lt, or } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/**
 * Keyset pagination shared by the list queries: newest first, `ORDER BY at DESC, id DESC`, one page
 * of `PAGE_SIZE` rows; the page's URL carries the last row as `before` (components/ui/search-params.ts).
 */
export const PAGE_SIZE = 50;

/** A keyset cursor: the (time, id) of the last row of the previous page. */
export type Cursor = { at: Date; id: string };

/** Rows after `cursor` in `ORDER BY at DESC, id DESC` order (served by the (tenant, at, id) indexes). */
export function after(at: PgColumn, id: PgColumn, cursor: Cursor | undefined) {
  return cursor ? or(lt(at, cursor.at), and(eq(at, cursor.at), lt(id, cursor.id))) : undefined;
}
