import "server-only";
import { eq } from "drizzle-orm";
import { datasources } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { decryptSecret } from "@/lib/crypto";
import { SafeError } from "@/lib/errors";
import { closeDatasource, datasourceFailure, openDatasource } from "@/lib/jobs/call/datasource";
import { type Actor, requirePermission } from "@/lib/tenants/actor";

export type DatasourceTest = { ok: true; serverVersion: string; ms: number } | { ok: false; error: string };

/**
 * "Test connection": connects to a datasource and asks its version. With `url`, that URL (a form
 * not saved yet); with only `id`, the stored one (decrypted here, never sent back). A failure is
 * a plain `msg()` (cannot connect, authentication failed, no such database, timed out, private
 * address refused), never quoting the password; the same rules as a job's call apply.
 */
export async function testDatasource(actor: Actor, input: { id?: string; url?: string }): Promise<DatasourceTest> {
  requirePermission(actor, "jobs.manage");
  let url = input.url;
  if (!url) {
    const id = input.id;
    if (!id) throw new SafeError("jobs.datasource_url_required", { field: "url" });
    const [row] = await withTenant(actor, (tx) =>
      tx.select({ url: datasources.url }).from(datasources).where(eq(datasources.id, id)),
    );
    if (!row) throw new SafeError("jobs.datasource_not_found");
    url = decryptSecret(row.url);
  }
  const started = performance.now();
  const ds = openDatasource(url);
  if (typeof ds === "string") return { ok: false, error: ds };
  try {
    const [row] = await ds.sql.unsafe("select current_setting('server_version') as version");
    return { ok: true, serverVersion: String(row?.version ?? ""), ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, error: datasourceFailure(error, ds) };
  } finally {
    await closeDatasource(ds);
  }
}
