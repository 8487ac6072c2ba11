import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { JobsForbidden } from "@/components/jobs/forbidden";
import type { JobInitial } from "@/components/jobs/job-draft";
import { JobForm } from "@/components/jobs/job-form";
import { PageHeader } from "@/components/ui/card";
import { getJob, listDatasources } from "@/db/queries/jobs";
import { listChannels } from "@/db/queries/notifications";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { saveJobAction } from "./actions";

/** The new-job and edit-job pages: the job form with the tenant's datasources and channels. */
export async function JobFormPage({ slug, jobId }: { slug: string; jobId: string | null }) {
  const { tenant, actor } = await requireTenant(slug);
  if (jobId !== null && !z.uuid().safeParse(jobId).success) notFound();
  const t = await getTranslations("jobs.form");
  const base = `/t/${tenant.slug}/jobs`;
  const back = (
    <Link href={jobId ? `${base}/${jobId}` : base} className="text-sm text-indigo-600 hover:underline">
      {jobId ? t("back_job") : t("back_list")}
    </Link>
  );
  if (!can(actor, "jobs.manage")) {
    return <JobsForbidden permission="manage" header={<PageHeader title={t("new_title")} actions={back} />} />;
  }
  const { detail, datasources, channels } = await withTenant(actor, async (tx) => ({
    detail: jobId ? await getJob(tx, jobId) : null,
    datasources: await listDatasources(tx),
    channels: await listChannels(tx),
  }));
  if (jobId && !detail) notFound();
  const current = detail?.versions.find((v) => v.version === detail.job.currentVersion);
  const job: JobInitial | null =
    detail && current
      ? {
          id: detail.job.id,
          version: detail.job.currentVersion,
          name: detail.job.name,
          description: detail.job.description,
          config: current.config,
          retries: current.retries,
          timeoutMs: current.timeoutMs,
          secretNames: current.secretNames,
          parameters: detail.parameters,
          // A channel deleted since is left out: the save would refuse it, and it alerts no one.
          alerts: {
            ...detail.alerts,
            channelIds: detail.alerts.channelIds.filter((id) => channels.some((c) => c.id === id)),
          },
        }
      : null;
  return (
    <>
      <PageHeader
        title={job ? t("edit_title", { name: job.name }) : t("new_title")}
        description={job ? t("edit_description", { version: job.version }) : t("new_description")}
        actions={back}
      />
      <JobForm
        tenant={tenant.slug}
        job={job}
        save={saveJobAction}
        datasources={datasources.map((d) => ({ id: d.id, name: d.name, readOnly: d.readOnly }))}
        channels={channels.map((c) => ({ id: c.id, name: c.name, kind: c.kind, enabled: c.enabled }))}
      />
    </>
  );
}
