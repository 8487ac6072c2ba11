import "server-only";
import { listOrders } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import type { Actor } from "@/lib/tenants/actor";

/** How many orders the jump-to palette offers. */
export const FOUND_LIMIT = 8;

/**
 * Orders of the actor's tenant matching `q` (#number, title or requester), newest first: what the
 * jump-to palette offers. Every member may open any order of their tenant, so no other check.
 */
export async function findOrders(actor: Actor, q: string) {
  const rows = await withTenant(actor, (tx) => listOrders(tx, { q, limit: FOUND_LIMIT }));
  return rows.map((o) => ({ id: o.id, number: o.number, title: o.title, status: o.status }));
}
