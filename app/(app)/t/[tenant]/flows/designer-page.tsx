import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { type DesignedJobFlow, JobFlowDesigner } from "@/components/flows/flow-designer";
import { FlowStatusBadge } from "@/components/flows/flow-status";
import { JobsForbidden } from "@/components/jobs/forbidden";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyRow, Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { getFlow, getFlowVersion, listFlowRuns, listFlowVersions, listJobChoices } from "@/db/queries/flows";
import { listDatasources } from "@/db/queries/jobs";
import { listMembers, listRoles } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { dateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { publishFlowAction, runFlowNowAction, saveFlowAction } from "./actions";

/**
 * The new-flow and flow pages: the designer (read-only without `jobs.manage`) with the tenant's
 * jobs, datasources and approvers; for a saved flow, its versions and its runs.
 */
export async function FlowDesignerPage({ slug, flowId }: { slug: string; flowId: string | null }) {
  const { tenant, actor } = await requireTenant(slug);
  if (flowId !== null && !z.uuid().safeParse(flowId).success) notFound();
  const t = await getTranslations("flows.designer");
  const ts = await getTranslations("flows");
  const base = `/t/${tenant.slug}/flows`;
  const back = (
    <Link href={base} className="text-sm text-indigo-600 hover:underline">
      {t("back")}
    </Link>
  );
  const manage = can(actor, "jobs.manage");
  if (!can(actor, "jobs.read")) return <JobsForbidden header={<PageHeader title={t("new_title")} actions={back} />} />;
  if (flowId === null && !manage)
    return <JobsForbidden permission="manage" header={<PageHeader title={t("new_title")} actions={back} />} />;
  const data = await withTenant(actor, async (tx) => {
    const flow = flowId ? await getFlow(tx, flowId) : null;
    return {
      flow,
      published: flow?.publishedVersion ? await getFlowVersion(tx, flow.id, flow.publishedVersion) : null,
      versions: flow ? await listFlowVersions(tx, flow.id) : [],
      runs: flow ? await listFlowRuns(tx, flow.id) : [],
      jobs: await listJobChoices(tx),
      datasources: await listDatasources(tx),
      members: manage ? await listMembers(tx) : [],
      roles: manage ? await listRoles(tx) : [],
    };
  });
  const { flow, published, versions, runs } = data;
  if (flowId && (!flow || flow.archived)) notFound();
  const designed: DesignedJobFlow | null = flow
    ? {
        id: flow.id,
        name: flow.name,
        description: flow.description,
        graph: flow.graph,
        settings: { parameters: flow.parameters, parallelism: flow.parallelism, timeoutMs: flow.timeoutMs },
        publishedVersion: flow.publishedVersion,
        publishedParameters: published?.parameters ?? [],
        unpublished: flow.hasUnpublishedChanges,
      }
    : null;
  const options = {
    jobs: data.jobs.map((j) => ({ id: j.id, name: j.name, enabled: j.enabled, parameters: j.parameters ?? [] })),
    datasources: data.datasources.map((d) => ({ id: d.id, name: d.name, readOnly: d.readOnly })),
    members: data.members
      .filter((m) => m.role !== "VIEWER")
      .map((m) => ({ userId: m.userId, name: m.name, email: m.email })),
    roles: data.roles.map((r) => ({ key: r.key, name: r.name, builtin: r.builtin })),
    datasourcesHref: `/t/${tenant.slug}/jobs/datasources`,
  };
  return (
    <>
      <PageHeader
        title={flow ? t("edit_title", { name: flow.name }) : t("new_title")}
        description={t("page_description")}
        actions={back}
      />
      <JobFlowDesigner
        // A new flow's page becomes the saved flow's: the designer starts again from what was stored.
        key={flow?.id ?? "new"}
        tenant={tenant.slug}
        flow={designed}
        options={options}
        save={saveFlowAction}
        publish={publishFlowAction}
        runNow={runFlowNowAction}
        canManage={manage}
        canRun={can(actor, "jobs.run")}
      />
      {flow ? (
        <div className="mt-6 grid gap-6 lg:grid-cols-[1fr_2fr]">
          <section aria-labelledby="flow-versions">
            <h2 id="flow-versions" className="mb-2 text-base font-semibold text-zinc-900">
              {t("versions")}
            </h2>
            <Card className="overflow-x-auto">
              <Table caption={t("versions")}>
                <THead>
                  <Th>{t("col_version")}</Th>
                  <Th>{t("col_published")}</Th>
                  <Th>{t("col_by")}</Th>
                </THead>
                <TBody>
                  {versions.length === 0 ? <EmptyRow colSpan={3}>{t("no_versions")}</EmptyRow> : null}
                  {versions.map((v) => (
                    <Tr key={v.id} data-testid={`flow-version-${v.version}`}>
                      <Td className="font-medium">{t("version", { version: v.version })}</Td>
                      <Td className="whitespace-nowrap text-zinc-600">{dateTime(v.publishedAt, tenant.timeZone)}</Td>
                      <Td className="text-zinc-600">{v.publishedByName ?? "—"}</Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            </Card>
          </section>
          <section aria-labelledby="flow-runs">
            <h2 id="flow-runs" className="mb-2 text-base font-semibold text-zinc-900">
              {t("runs")}
            </h2>
            <Card className="overflow-x-auto">
              <Table caption={t("runs")}>
                <THead>
                  <Th>{t("col_run")}</Th>
                  <Th>{t("col_status")}</Th>
                  <Th>{t("col_version")}</Th>
                  <Th>{t("col_trigger")}</Th>
                  <Th>{t("col_by")}</Th>
                </THead>
                <TBody>
                  {runs.length === 0 ? (
                    <EmptyRow colSpan={5}>
                      {flow.publishedVersion === null ? t("no_runs_unpublished") : t("no_runs")}
                    </EmptyRow>
                  ) : null}
                  {runs.map((r) => (
                    <Tr key={r.id} hover data-testid="flow-run-row">
                      <Td className="whitespace-nowrap">
                        <Link href={`${base}/${flow.id}/runs/${r.id}`} className="text-indigo-700 hover:underline">
                          {dateTime(r.createdAt, tenant.timeZone)}
                        </Link>
                      </Td>
                      <Td>
                        <FlowStatusBadge status={r.status} />
                      </Td>
                      <Td className="text-zinc-600">{t("version", { version: r.version })}</Td>
                      <Td className="text-zinc-600">{ts(`trigger.${r.triggerType}`)}</Td>
                      <Td className="text-zinc-600">{r.createdByName ?? "—"}</Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            </Card>
          </section>
        </div>
      ) : null}
    </>
  );
}
