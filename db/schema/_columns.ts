import { uuid } from "drizzle-orm/pg-core";
import { currentTenant } from "./_rls";
import { tenants } from "./tenancy";

/** The tenant_id of a tenant-scoped domain table: defaults to the door's tenant, cascades with it. */
export const tenantIdColumn = () =>
  uuid("tenant_id")
    .notNull()
    .default(currentTenant)
    .references(() => tenants.id, { onDelete: "cascade" });
