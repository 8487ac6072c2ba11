import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { JobsForbidden } from "@/components/jobs/forbidden";
import { EnabledToggle } from "@/components/jobs/job-controls";
import { JobSummary } from "@/components/jobs/job-summary";
import { RunHistory } from "@/components/jobs/run-history";
import type { ScheduleRow } from "@/components/jobs/schedule-draft";
import { ScheduleList } from "@/components/jobs/schedule-list";
import { RateSparkline, RunStrip } from "@/components/jobs/sparkline";
import { Card, PageHeader } from "@/components/ui/card";
import { OlderLink } from "@/components/ui/pagination";
import { RunNowDialog } from "@/components/ui/run-now-dialog";
import { PAGE_SIZE } from "@/db/queries/_keyset";
import { countRuns, recentRuns, runStats } from "@/db/queries/job-runs";
import { getJob, listDatasources, listRuns } from "@/db/queries/jobs";
import { withTenant } from "@/db/tenant";
import { duration } from "@/lib/format";
import { can } from "@/lib/permissions";
import { cursorOf, olderHref, readParams, zBefore } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";
import {
  pauseScheduleAction,
  resumeScheduleAction,
  runJobNowAction,
  saveScheduleAction,
  setJobEnabledAction,
} from "../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("jobs.detail"))("meta") };
}

const ZRunParams = z.object({ before: zBefore });

export default async function JobPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string; jobId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant: slug, jobId } = await params;
  const { tenant, actor } = await requireTenant(slug);
  if (!z.uuid().safeParse(jobId).success) notFound();
  const t = await getTranslations("jobs.detail");
  const locale = await getLocale();
  const base = `/t/${tenant.slug}/jobs`;
  if (!can(actor, "jobs.read")) return <JobsForbidden header={<PageHeader title={t("meta")} />} />;
  const { before } = readParams(ZRunParams, await searchParams);
  const data = await withTenant(actor, async (tx) => {
    const detail = await getJob(tx, jobId);
    if (!detail) return null;
    const [runs, total, stats, recent, datasources] = await Promise.all([
      listRuns(tx, jobId, { before }),
      countRuns(tx, jobId),
      runStats(tx, jobId, { timeZone: tenant.timeZone }),
      recentRuns(tx, [jobId], 40),
      detail.job.type === "sql" ? listDatasources(tx) : Promise.resolve([]),
    ]);
    return { ...detail, runs, total, stats, recent: recent.get(jobId) ?? [], datasources };
  });
  if (!data) notFound();
  const { job, versions, schedules, runs, total, stats, recent, parameters } = data;
  const current = versions.find((v) => v.version === job.currentVersion);
  const manage = can(actor, "jobs.manage");
  const last = runs.length === PAGE_SIZE ? runs[runs.length - 1] : undefined;
  const rows: ScheduleRow[] = schedules.map((s) => ({
    id: s.id,
    cron: s.cron,
    timeZone: s.timeZone,
    misfirePolicy: s.misfirePolicy,
    misfireCap: s.misfireCap,
    overlapPolicy: s.overlapPolicy,
    overlapLimit: s.overlapLimit,
    paused: s.paused,
    pausedUntil: s.pausedUntil?.toISOString() ?? null,
    calendar: s.calendar,
    enabled: s.enabled,
    nextFireAt: s.nextFireAt?.toISOString() ?? null,
    lastFireAt: s.lastFireAt?.toISOString() ?? null,
  }));
  const summary =
    stats.rate === null
      ? t("stats_none")
      : t("stats_rate", { percent: Math.round(stats.rate * 100), succeeded: stats.succeeded, count: stats.rated });
  return (
    <>
      <PageHeader
        title={job.name}
        description={job.description || undefined}
        actions={
          <>
            {manage ? (
              <Link
                href={`${base}/${job.id}/edit`}
                data-testid="job-edit"
                className="inline-flex h-10 items-center rounded-md border border-zinc-300 bg-white px-4 text-sm font-medium text-zinc-800 hover:bg-zinc-100"
              >
                {t("edit")}
              </Link>
            ) : null}
            {can(actor, "jobs.run") ? (
              <RunNowDialog
                namespace="jobs.run_now"
                parameters={parameters}
                disabled={!job.enabled}
                disabledReason="disabled"
                action={runJobNowAction}
                input={{ tenant: tenant.slug, jobId: job.id }}
                runsHref={`${base}/${job.id}/runs`}
                testId="run-now"
              />
            ) : null}
          </>
        }
      />
      <div className="grid items-start gap-6 lg:grid-cols-[2fr_1fr]">
        <Card className="p-5">
          <div className="mb-4 flex flex-wrap items-center gap-3">
            {manage ? (
              <EnabledToggle tenant={tenant.slug} jobId={job.id} enabled={job.enabled} action={setJobEnabledAction} />
            ) : (
              <span className="text-sm font-medium text-zinc-800">{job.enabled ? t("enabled") : t("disabled")}</span>
            )}
          </div>
          {current ? (
            <JobSummary
              type={job.type}
              version={current}
              parameters={parameters}
              datasourceName={
                current.config.type === "sql"
                  ? (data.datasources.find((d) => d.id === (current.config as { datasourceId: string }).datasourceId)
                      ?.name ?? null)
                  : null
              }
            />
          ) : null}
        </Card>
        <Card className="space-y-3 p-5" data-testid="run-stats">
          <h2 className="text-sm font-semibold">{t("stats_title")}</h2>
          <p className="text-sm text-zinc-600" data-testid="success-rate">
            {summary}
          </p>
          <RateSparkline daily={stats.daily} summary={summary} />
          <div className="flex items-center gap-2 text-xs text-zinc-500">
            <span>{t("recent_runs")}</span>
            <RunStrip runs={recent} />
          </div>
          <dl className="grid grid-cols-2 gap-2 text-sm">
            <div>
              <dt className="text-zinc-500">{t("p50")}</dt>
              <dd className="font-medium" data-testid="duration-p50">
                {stats.p50 === null ? "—" : duration(stats.p50, locale)}
              </dd>
            </div>
            <div>
              <dt className="text-zinc-500">{t("p95")}</dt>
              <dd className="font-medium" data-testid="duration-p95">
                {stats.p95 === null ? "—" : duration(stats.p95, locale)}
              </dd>
            </div>
          </dl>
          <p className="text-xs text-zinc-500">{t("stats_window", { days: stats.daily.length })}</p>
        </Card>
      </div>
      <Card className="mt-6 p-5">
        <h2 className="mb-3 text-sm font-semibold">{t("schedules_title")}</h2>
        <ScheduleList
          tenant={tenant.slug}
          jobId={job.id}
          jobEnabled={job.enabled}
          schedules={rows}
          actions={
            manage ? { save: saveScheduleAction, pause: pauseScheduleAction, resume: resumeScheduleAction } : undefined
          }
        />
      </Card>
      <section className="mt-6" aria-labelledby="runs-title">
        <div className="mb-2 flex items-baseline justify-between">
          <h2 id="runs-title" className="text-sm font-semibold">
            {t("runs_title")}
          </h2>
          <p className="text-sm text-zinc-500" data-testid="runs-total">
            {t("runs_total", { count: total })}
          </p>
        </div>
        <Card className="overflow-x-auto">
          <RunHistory runs={runs} base={`${base}/${job.id}`} timeZone={tenant.timeZone} />
        </Card>
        <OlderLink
          href={last ? olderHref(`${base}/${job.id}`, {}, cursorOf(last.createdAt, last.id)) : null}
          label={t("older")}
        />
      </section>
    </>
  );
}
