import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { FlowRunView } from "@/components/flows/run-view";
import { JobsForbidden } from "@/components/jobs/forbidden";
import { PageHeader } from "@/components/ui/card";
import { getFlow, getFlowRun, getFlowVersion, listJobChoices } from "@/db/queries/flows";
import { listDatasources } from "@/db/queries/jobs";
import { withTenant } from "@/db/tenant";
import { flowRunState } from "@/lib/flows/run-view-state";
import { dateTime } from "@/lib/format";
import { requestLocale } from "@/lib/i18n/request-locale";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { cancelFlowRunAction, flowNodeLogAction, flowRunStateAction, rerunFlowAction } from "../../../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("flows.run"))("meta") };
}

export default async function FlowRunPage({
  params,
}: {
  params: Promise<{ tenant: string; flowId: string; runId: string }>;
}) {
  const { tenant: slug, flowId, runId } = await params;
  const { tenant, actor } = await requireTenant(slug);
  if (!z.uuid().safeParse(flowId).success || !z.uuid().safeParse(runId).success) notFound();
  const t = await getTranslations("flows.run");
  const base = `/t/${tenant.slug}/flows/${flowId}`;
  const back = (
    <Link href={base} className="text-sm text-indigo-600 hover:underline">
      {t("back")}
    </Link>
  );
  if (!can(actor, "jobs.read")) return <JobsForbidden header={<PageHeader title={t("meta")} actions={back} />} />;
  const data = await withTenant(actor, async (tx) => {
    const detail = await getFlowRun(tx, runId);
    if (!detail || detail.run.flowId !== flowId) return null;
    return {
      detail,
      flow: await getFlow(tx, flowId),
      version: await getFlowVersion(tx, flowId, detail.run.version),
      jobs: await listJobChoices(tx),
      datasources: await listDatasources(tx),
    };
  });
  if (!data?.version || !data.flow) notFound();
  const { detail, flow, version } = data;
  const locale = await requestLocale();
  const initial = flowRunState(detail, locale);
  return (
    <>
      <PageHeader
        title={t("title", { name: flow.name, version: version.version })}
        description={t("description", {
          when: dateTime(detail.run.createdAt, tenant.timeZone),
          by: detail.run.createdByName ?? t("system"),
        })}
        actions={back}
      />
      <FlowRunView
        tenant={tenant.slug}
        runId={runId}
        graph={version.graph}
        initial={initial}
        options={{
          jobs: data.jobs.map((j) => ({ id: j.id, name: j.name, enabled: j.enabled, parameters: j.parameters ?? [] })),
          datasources: data.datasources.map((d) => ({ id: d.id, name: d.name, readOnly: d.readOnly })),
          members: [],
          roles: [],
          datasourcesHref: `/t/${tenant.slug}/jobs/datasources`,
        }}
        state={flowRunStateAction}
        log={flowNodeLogAction}
        flowId={flowId}
        cancel={can(actor, "jobs.run") ? cancelFlowRunAction : undefined}
        rerun={can(actor, "jobs.run") ? rerunFlowAction : undefined}
      />
    </>
  );
}
