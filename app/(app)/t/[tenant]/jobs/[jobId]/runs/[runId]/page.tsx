import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { z } from "zod";
import { JobsForbidden } from "@/components/jobs/forbidden";
import { RunLive } from "@/components/jobs/run-live";
import { RunResult } from "@/components/jobs/run-result";
import { Card, PageHeader } from "@/components/ui/card";
import { getRun } from "@/db/queries/job-runs";
import { withTenant } from "@/db/tenant";
import { dateTime, duration } from "@/lib/format";
import { renderStored } from "@/lib/i18n/translate";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { cancelRunAction } from "../../../actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("jobs.run"))("meta") };
}

function Row({ label, children, testid }: { label: string; children: ReactNode; testid?: string }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[10rem_1fr]">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0 break-words text-zinc-800" data-testid={testid}>
        {children}
      </dd>
    </div>
  );
}

export default async function RunPage({
  params,
}: {
  params: Promise<{ tenant: string; jobId: string; runId: string }>;
}) {
  const { tenant: slug, jobId, runId } = await params;
  const { tenant, actor } = await requireTenant(slug);
  if (!z.uuid().safeParse(jobId).success || !z.uuid().safeParse(runId).success) notFound();
  const t = await getTranslations("jobs.run");
  const tt = await getTranslations("jobs.triggers");
  const locale = await getLocale();
  if (!can(actor, "jobs.read")) return <JobsForbidden header={<PageHeader title={t("meta")} />} />;
  const detail = await withTenant(actor, (tx) => getRun(tx, runId));
  // A run under another job's address is not found either: one address per run.
  if (!detail || detail.run.jobId !== jobId) notFound();
  const { run, job, retriedBy } = detail;
  const base = `/t/${tenant.slug}/jobs/${job.id}`;
  const zone = tenant.timeZone;
  const params_ = Object.entries(run.params);
  const link = (id: string, text: string, testid: string) => (
    <Link href={`${base}/runs/${id}`} className="text-indigo-600 hover:underline" data-testid={testid}>
      {text}
    </Link>
  );
  return (
    <>
      <PageHeader
        title={t("title", { job: job.name })}
        description={t("subtitle", { trigger: tt(run.triggerType), attempt: run.attempt, version: run.version })}
        actions={
          <Link href={base} className="text-sm text-indigo-600 hover:underline">
            {t("back", { job: job.name })}
          </Link>
        }
      />
      <Card className="space-y-4 p-5">
        <RunLive
          tenant={tenant.slug}
          runId={run.id}
          type={job.type}
          initialStatus={run.status}
          cancel={can(actor, "jobs.run") ? cancelRunAction : undefined}
        />
        {run.reason ? (
          <p className="text-sm text-amber-800" data-testid="run-reason">
            {renderStored(locale, run.reason)}
          </p>
        ) : null}
        <dl className="space-y-2 text-sm">
          <Row label={t("trigger")} testid="run-trigger">
            {tt(run.triggerType)}
          </Row>
          <Row label={t("attempt")} testid="run-attempt">
            {run.attempt}
            {run.retryOf ? <> · {link(run.retryOf, t("retries_run"), "run-retry-of")}</> : null}
            {retriedBy ? (
              <> · {link(retriedBy.id, t("retried_by", { attempt: retriedBy.attempt }), "run-retried-by")}</>
            ) : null}
          </Row>
          <Row label={t("version")}>v{run.version}</Row>
          {run.fireAt ? <Row label={t("fire_at")}>{dateTime(run.fireAt, zone)}</Row> : null}
          <Row label={t("created")}>{dateTime(run.createdAt, zone, { seconds: true })}</Row>
          <Row label={t("started")}>{dateTime(run.startedAt, zone, { seconds: true })}</Row>
          <Row label={t("finished")}>{dateTime(run.finishedAt, zone, { seconds: true })}</Row>
          <Row label={t("duration")} testid="run-duration">
            {run.durationMs !== null ? duration(run.durationMs, locale) : "—"}
          </Row>
          <Row label={t("params")} testid="run-params">
            {params_.length ? (
              <code className="font-mono text-xs">{params_.map(([k, v]) => `${k}=${v}`).join("  ")}</code>
            ) : (
              <span className="text-zinc-400">{t("no_params")}</span>
            )}
          </Row>
        </dl>
      </Card>
      {run.result !== null && job.type !== "shell" ? (
        <Card className="mt-6 p-5">
          <h2 className="mb-3 text-sm font-semibold">{t(`result_title.${job.type}`)}</h2>
          <RunResult type={job.type} result={run.result} />
        </Card>
      ) : null}
    </>
  );
}
