import "server-only";
import { isDeepStrictEqual } from "node:util";
import { eq, inArray, sql } from "drizzle-orm";
import { datasources, type JobAlerts, type JobConfig, jobs, jobVersions, notificationChannels } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { withTenant } from "@/db/tenant";
import { audit } from "@/lib/audit";
import { decryptSecret, encryptSecret } from "@/lib/crypto";
import { pgConstraint, SafeError } from "@/lib/errors";
import { once } from "@/lib/idempotency";
import { privateUrlRefusal } from "@/lib/net/fetch-outbound";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import type { TSaveJob } from "@/lib/validation/jobs";

/** What the audit log may show of a job version: never a secret's value, only the names. */
const shown = (j: {
  name: string;
  type: string;
  version: number;
  secretNames: string[];
  parameterNames: string[];
  alerts: JobAlerts;
}) => ({
  name: j.name,
  type: j.type,
  version: j.version,
  secrets: j.secretNames.length ? j.secretNames : ["none"],
  parameters: j.parameterNames.length ? j.parameterNames : ["none"],
  alerts: j.alerts,
});

/** The secrets of a version: every name sent, an empty value keeping the previous version's. */
function mergeSecrets(sent: Record<string, string>, previous: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(sent)) {
    const kept = value || previous[name];
    if (!kept) throw new SafeError("jobs.secret_required", { params: { name }, field: `secrets.${name}` });
    out[name] = kept;
  }
  return out;
}

/** A SQL job's datasource must be the tenant's, and a read-only one takes read-only jobs only. */
async function checkDatasource(tx: Tx, config: JobConfig) {
  if (config.type !== "sql") return;
  const [ds] = await tx
    .select({ readOnly: datasources.readOnly })
    .from(datasources)
    .where(eq(datasources.id, config.datasourceId));
  if (!ds) throw new SafeError("jobs.datasource_not_found", { field: "config.datasourceId" });
  if (ds.readOnly && !config.readOnly) throw new SafeError("jobs.datasource_read_only", { field: "config.readOnly" });
}

/** The alert channels must be the tenant's (RLS hides any other tenant's). */
async function checkChannels(tx: Tx, channelIds: string[]) {
  if (channelIds.length === 0) return;
  const found = await tx
    .select({ id: notificationChannels.id })
    .from(notificationChannels)
    .where(inArray(notificationChannels.id, channelIds));
  const known = new Set(found.map((c) => c.id));
  const missing = channelIds.findIndex((id) => !known.has(id));
  if (missing >= 0) throw new SafeError("jobs.alert_channel_not_found", { field: `alerts.channelIds.${missing}` });
}

/**
 * Creates a job (version 1) or saves a new version of one: versions are immutable, each run names
 * the version it ran, and new runs take `current_version`. A save that changes only the name,
 * description or alerts keeps the version (alerts live on the job; parameters on the version). The type of a job is fixed. Secrets are
 * stored as one ciphertext per version; only their names are ever read back. A repeat of the
 * form's idempotency key returns the first save.
 */
export async function saveJob(actor: Actor, input: Omit<TSaveJob, "tenant">) {
  requirePermission(actor, "jobs.manage");
  const config = input.config as JobConfig;
  // A URL written as a private IP is refused now; a name is checked where it is called (fetchOutbound).
  const refused = config.type === "http" ? privateUrlRefusal(config.url) : null;
  if (refused) throw new SafeError(refused.message, { field: "config.url" });
  try {
    return await withTenant(
      actor,
      async (tx) =>
        (
          await once(tx, "job.save", input, async () => {
            const [before] = input.id ? await tx.select().from(jobs).where(eq(jobs.id, input.id)).for("update") : [];
            if (input.id && !before) throw new SafeError("jobs.job_not_found");
            if (before && before.type !== config.type) throw new SafeError("jobs.type_fixed", { field: "config.type" });
            await checkDatasource(tx, config);
            await checkChannels(tx, input.alerts.channelIds);
            const [previous] = before
              ? await tx
                  .select({
                    config: jobVersions.config,
                    retries: jobVersions.retries,
                    timeoutMs: jobVersions.timeoutMs,
                    parameters: jobVersions.parameters,
                    secrets: jobVersions.secrets,
                    secretNames: jobVersions.secretNames,
                  })
                  .from(jobVersions)
                  .where(sql`${jobVersions.jobId} = ${before.id} and ${jobVersions.version} = ${before.currentVersion}`)
              : [];
            const previousSecrets: Record<string, string> = previous?.secrets
              ? JSON.parse(decryptSecret(previous.secrets))
              : {};
            const secrets = mergeSecrets(input.secrets, previousSecrets);
            const secretNames = Object.keys(secrets).sort();
            // A save that changes only the name, description or alerts is no new version: runs stay comparable.
            const unchanged =
              previous !== undefined &&
              isDeepStrictEqual(previous.config, config) &&
              isDeepStrictEqual(previous.retries, input.retries) &&
              previous.timeoutMs === input.timeoutMs &&
              isDeepStrictEqual(previous.parameters, input.parameters) &&
              isDeepStrictEqual(previousSecrets, secrets);
            const version = before ? before.currentVersion + (unchanged ? 0 : 1) : 1;
            const [job] = before
              ? await tx
                  .update(jobs)
                  .set({
                    name: input.name,
                    description: input.description,
                    alerts: input.alerts,
                    currentVersion: version,
                    updatedBy: actor.userId,
                    updatedAt: sql`now()`,
                  })
                  .where(eq(jobs.id, before.id))
                  .returning()
              : await tx
                  .insert(jobs)
                  .values({
                    name: input.name,
                    description: input.description,
                    type: config.type,
                    alerts: input.alerts,
                    currentVersion: version,
                    createdBy: actor.userId,
                    updatedBy: actor.userId,
                  })
                  .returning();
            if (!job) throw new Error("job write returned nothing");
            if (!unchanged)
              await tx.insert(jobVersions).values({
                jobId: job.id,
                version,
                config,
                retries: input.retries,
                timeoutMs: input.timeoutMs,
                parameters: input.parameters,
                secretNames,
                secrets: secretNames.length ? encryptSecret(JSON.stringify(secrets)) : null,
                createdBy: actor.userId,
              });
            await audit(tx, {
              action: before ? "job.update" : "job.create",
              targetType: "job",
              targetId: job.id,
              before: before
                ? shown({
                    ...before,
                    version: before.currentVersion,
                    secretNames: previous?.secretNames ?? [],
                    parameterNames: (previous?.parameters ?? []).map((p) => p.name),
                  })
                : null,
              after: shown({ ...job, version, secretNames, parameterNames: input.parameters.map((p) => p.name) }),
            });
            return { id: job.id, name: job.name, version };
          })
        ).result,
    );
  } catch (error) {
    if (pgConstraint(error) === "jobs_name_key") {
      throw new SafeError("jobs.name_taken", { params: { name: input.name }, field: "name" });
    }
    throw error;
  }
}
