import "server-only";
import { eq, sql } from "drizzle-orm";
import { datasources } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { encryptSecret } from "@/lib/crypto";
import { pgConstraint, SafeError } from "@/lib/errors";
import { once } from "@/lib/idempotency";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { TSaveDatasource } from "@/lib/validation/jobs";

/** What may be shown of a PostgreSQL URL: host, port and database, never the user or password. */
export function maskedAddress(url: string): string {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, "")) || "postgres";
  return `${u.hostname}:${u.port || "5432"}/${database}`;
}

const shown = (d: { name: string; address: string; readOnly: boolean }) => ({
  name: d.name,
  address: d.address,
  readOnly: d.readOnly,
});

/**
 * Registers or edits a PostgreSQL datasource for SQL jobs. The URL is stored encrypted and never
 * shown back (lists carry the masked address only); an edit without a URL keeps the stored one.
 */
export async function saveDatasource(actor: Actor, input: Omit<TSaveDatasource, "tenant">) {
  requirePermission(actor, "jobs.manage");
  try {
    return await withTenant(
      actor,
      async (tx) =>
        (
          await once(tx, "datasource.save", input, async () => {
            const [before] = input.id ? await tx.select().from(datasources).where(eq(datasources.id, input.id)) : [];
            if (input.id && !before) throw new SafeError("jobs.datasource_not_found");
            if (!before && !input.url) throw new SafeError("jobs.datasource_url_required", { field: "url" });
            const values = {
              name: input.name,
              readOnly: input.readOnly,
              ...(input.url ? { url: encryptSecret(input.url), address: maskedAddress(input.url) } : {}),
              updatedBy: actor.userId,
            };
            const [row] = before
              ? await tx
                  .update(datasources)
                  .set({ ...values, updatedAt: sql`now()` })
                  .where(eq(datasources.id, before.id))
                  .returning()
              : await tx
                  .insert(datasources)
                  .values({
                    ...values,
                    url: encryptSecret(input.url),
                    address: maskedAddress(input.url),
                    createdBy: actor.userId,
                  })
                  .returning();
            if (!row) throw new Error("datasource write returned nothing");
            await audit(tx, {
              action: before ? "datasource.update" : "datasource.create",
              targetType: "datasource",
              targetId: row.id,
              before: before ? shown(before) : null,
              after: { ...shown(row), ...(input.url ? { url: "(changed)" } : {}) },
            });
            return { id: row.id, name: row.name, address: row.address };
          })
        ).result,
    );
  } catch (error) {
    if (pgConstraint(error) === "datasources_name_key") {
      throw new SafeError("jobs.datasource_name_taken", { params: { name: input.name }, field: "name" });
    }
    throw error;
  }
}
