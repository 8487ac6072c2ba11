import type { BuildExtraConfigColumns } from "drizzle-orm";
import { type PgColumnBuilderBase, type PgTableExtraConfigValue, pgTable } from "drizzle-orm/pg-core";
import { tenantIdColumn } from "./_columns";
import { tenantIsolation } from "./_rls";

/** The caller's columns plus `tenantId` (a `tenantId` of the caller's own is replaced). */
type TenantColumns<C> = Omit<C, "tenantId"> & { tenantId: ReturnType<typeof tenantIdColumn> };

/**
 * A tenant-scoped table, the safe way by default: `tenant_id` (the door's tenant, cascading with
 * it; placed right after `id`), RLS enabled and the `<name>_tenant_isolation` policy. `extra` adds
 * indexes, checks and any further policy. FORCE RLS is not expressible in drizzle: write it in a
 * custom migration (`drizzle-kit generate --custom`), or tests/integration/foundation/rls-catalog
 * fails.
 */
export function tenantTable<TName extends string, TColumns extends Record<string, PgColumnBuilderBase>>(
  name: TName,
  columns: TColumns,
  extra?: (self: BuildExtraConfigColumns<TName, TenantColumns<TColumns>, "pg">) => PgTableExtraConfigValue[],
) {
  const { id, ...rest } = columns as Record<string, PgColumnBuilderBase>;
  const all = { ...(id ? { id } : {}), tenantId: tenantIdColumn(), ...rest } as TenantColumns<TColumns>;
  return pgTable(name, all, (t) => [...(extra?.(t) ?? []), tenantIsolation(name)]).enableRLS();
}
