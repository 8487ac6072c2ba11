import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { json, statusTone } from "@/components/runs/display";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { EmptyRow, Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { getRun } from "@/db/queries/runs";
import { withTenant } from "@/db/tenant";
import { dateTime, durationBetween } from "@/lib/format";
import { can } from "@/lib/permissions";
import { shownError, withoutServerPaths } from "@/lib/runs/shown-error";
import { requireTenant } from "@/lib/session";
import { RerunButton } from "../page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("runs"))("run_title") };
}

export default async function RunPage({ params }: { params: Promise<{ tenant: string; runId: string }> }) {
  const { tenant: slug, runId } = await params;
  const { tenant, actor } = await requireTenant(slug);
  // Without `runs.read` a run is not there to see at all.
  const found = can(actor, "runs.read")
    ? await withTenant(actor, (tx) => getRun(tx, { runId: runId.slice(0, 64) }))
    : null;
  if (!found) notFound();
  const { run, steps } = found;
  const canRerun = (run.status === "failed" || run.status === "cancelled") && can(actor, "runs.rerun");
  // Stacks and raw payloads (step data, output, the event) only for those allowed to debug.
  const debug = can(actor, "runs.debug");
  const error = shownError(run.error, { debug });
  const [t, locale] = await Promise.all([getTranslations("runs"), getLocale()]);
  const statusWord = (s: string) => (t.has(`status.${s}`) ? t(`status.${s}`) : s);
  const took = (start: Date | null, end: Date | null) => durationBetween(start, end ?? new Date(), locale) ?? "—";
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/t/${tenant.slug}/runs`} className="text-indigo-700 hover:underline">
          {t("detail.back")}
        </Link>
      </p>
      <PageHeader
        title={run.functionName}
        description={<span className="font-mono text-xs">{run.id}</span>}
        actions={canRerun ? <RerunButton tenant={tenant.slug} runId={run.id} functionName={run.functionName} /> : null}
      />
      <Card className="mb-6 p-4">
        <dl className="grid grid-cols-2 gap-x-6 gap-y-3 text-sm sm:grid-cols-3">
          <Item label={t("detail.status")}>
            <Badge tone={statusTone(run.status)}>{statusWord(run.status)}</Badge>
          </Item>
          <Item label={t("detail.event")}>
            <span className="font-mono text-xs">{run.eventName}</span>
          </Item>
          <Item label={t("detail.attempts")}>
            {t("detail.attempts_of", { attempt: run.attempt + 1, max: run.maxAttempts })}
          </Item>
          <Item label={t("detail.queued")}>{dateTime(run.createdAt, tenant.timeZone, { seconds: true })}</Item>
          <Item label={t("detail.started")}>{dateTime(run.startedAt, tenant.timeZone, { seconds: true })}</Item>
          <Item label={t("detail.duration")}>{took(run.startedAt, run.endedAt)}</Item>
          {run.rerunOf ? (
            <Item label={t("detail.rerun_of")}>
              <Link href={`/t/${tenant.slug}/runs/${run.rerunOf}`} className="font-mono text-xs text-indigo-700">
                {run.rerunOf}
              </Link>
            </Item>
          ) : null}
          {run.parentRunId ? (
            <Item label={t("detail.invoked_by")}>
              <Link href={`/t/${tenant.slug}/runs/${run.parentRunId}`} className="font-mono text-xs text-indigo-700">
                {run.parentRunId}
              </Link>
            </Item>
          ) : null}
        </dl>
      </Card>
      {error && run.status !== "completed" ? (
        <Card className="mb-6 border-red-200 p-4">
          <h2 className="mb-2 text-sm font-semibold text-red-800">
            {error.name}: {error.message}
          </h2>
          {error.stack ? <pre className="overflow-x-auto text-xs text-zinc-600">{error.stack}</pre> : null}
        </Card>
      ) : null}
      <h2 className="mb-2 text-sm font-semibold text-zinc-800">{t("detail.steps")}</h2>
      <Card className="mb-6">
        <Table caption={t("detail.steps")}>
          <THead>
            <Th>{t("detail.step")}</Th>
            <Th>{t("detail.status")}</Th>
            <Th>{t("detail.attempts")}</Th>
            <Th>{t("detail.started")}</Th>
            <Th>{t("detail.duration")}</Th>
            <Th>{t("detail.output_error")}</Th>
          </THead>
          <TBody>
            {steps.length === 0 ? (
              <EmptyRow colSpan={6}>{t("detail.no_steps")}</EmptyRow>
            ) : (
              steps.map((s) => (
                <Tr key={s.id} className="align-top">
                  <Td>
                    <span className="font-medium">{s.name}</span>
                    <span className="ml-2 text-xs text-zinc-500">{s.op}</span>
                  </Td>
                  <Td>
                    <Badge tone={statusTone(s.status)}>{statusWord(s.status)}</Badge>
                  </Td>
                  <Td className="text-zinc-600">{s.attempts}</Td>
                  <Td className="text-zinc-600">{dateTime(s.startedAt, tenant.timeZone, { seconds: true })}</Td>
                  <Td className="text-zinc-600">{took(s.startedAt, s.endedAt)}</Td>
                  <Td className="max-w-md">
                    {debug ? (
                      <pre className="max-h-40 overflow-auto text-xs text-zinc-700">
                        {s.error ? withoutServerPaths(json(s.error)) : json(s.data)}
                      </pre>
                    ) : (
                      <span className="text-xs text-zinc-700">{stepSummary(s.error)}</span>
                    )}
                  </Td>
                </Tr>
              ))
            )}
          </TBody>
        </Table>
      </Card>
      {debug ? (
        <div className="grid gap-6 md:grid-cols-2">
          <section>
            <h2 className="mb-2 text-sm font-semibold text-zinc-800">{t("detail.output")}</h2>
            <Card className="p-4">
              <pre className="max-h-80 overflow-auto text-xs">{json(run.output)}</pre>
            </Card>
          </section>
          <section>
            <h2 className="mb-2 text-sm font-semibold text-zinc-800">{t("detail.event_payload")}</h2>
            <Card className="p-4">
              <pre className="max-h-80 overflow-auto text-xs">{json(run.event)}</pre>
            </Card>
          </section>
        </div>
      ) : (
        <p className="text-sm text-zinc-600">{t("detail.debug_only")}</p>
      )}
    </>
  );
}

/** A step's outcome in a line, for those who may not see its raw data: its error's message, no stack. */
function stepSummary(error: unknown): string {
  const e = shownError(error, { debug: false });
  return e ? `${e.name}: ${e.message}` : "—";
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}
