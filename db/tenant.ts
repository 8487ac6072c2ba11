import "server-only";
import { sql } from "drizzle-orm";
import { DatabaseUnavailableError, isConnectionError } from "@/lib/errors";
import { database, type Tx } from "./client";

export type { Tx };

/** Who is acting, for which tenant, from where. Built by the safe-action client or a job. */
export type TenantCtx = {
  tenantId: string;
  userId: string | null;
  ip?: string | null;
  traceId?: string | null;
};

export type UserCtx = Omit<TenantCtx, "tenantId">;

async function run<T>(ctx: TenantCtx | (UserCtx & { tenantId?: undefined }), fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await enter(ctx, fn);
  } catch (error) {
    // A cut connection or a database that is down is not a bug of the caller: say so plainly.
    if (isConnectionError(error) && !(error instanceof DatabaseUnavailableError))
      throw new DatabaseUnavailableError(error);
    throw error;
  }
}

async function enter<T>(ctx: TenantCtx | (UserCtx & { tenantId?: undefined }), fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { transaction } = await database();
  // Before anything of `fn` (on PostgreSQL pipelined with BEGIN and `fn`'s first statement): act
  // as the non-superuser app role (SET LOCAL ROLE) and set the RLS context, all transaction-local
  // so nothing leaks to the next user of the connection.
  return transaction(
    sql`select
      set_config('role', 'opsdesk_app', true),
      set_config('app.tenant_id', ${ctx.tenantId ?? ""}, true),
      set_config('app.user_id', ${ctx.userId ?? ""}, true),
      set_config('app.ip', ${ctx.ip ?? ""}, true),
      set_config('app.trace_id', ${ctx.traceId ?? ""}, true)`,
    fn,
  );
}

/**
 * The one door to tenant data: a transaction acting as `opsdesk_app` with `app.tenant_id` set,
 * so row-level security shows and accepts that tenant's rows only.
 */
export function withTenant<T>(ctx: TenantCtx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (!ctx.tenantId) throw new Error("withTenant needs a tenant id");
  return run(ctx, fn);
}

/**
 * The door for work before a tenant is chosen (sign-in, sign-up, listing the user's tenants):
 * same role, no tenant context, so tenant-scoped tables show only the user's own memberships
 * and tenants.
 */
export function withUser<T>(ctx: UserCtx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return run({ ...ctx, tenantId: undefined }, fn);
}

/** Records who acts from here on in this transaction (e.g. right after sign-up creates the user). */
export async function setActor(tx: Tx, userId: string): Promise<void> {
  await tx.execute(sql`select set_config('app.user_id', ${userId}, true)`);
}
