import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { Card, PageHeader } from "@/components/ui/card";
import { listToApprove } from "@/db/queries/approvals";
import { FAILED_EXECUTION_STATUSES, IN_FLIGHT, overviewCounts } from "@/db/queries/overview";
import { listExecutions } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { relative } from "@/lib/format";
import { requireTenant } from "@/lib/session";
import { seesAllExecutions } from "@/lib/work-orders/execution-access";

const SHOWN = 5;

/**
 * The Overview: the work, for the member reading it. What waits on them, their orders in flight,
 * what runs now and what failed this week; each card links to the list it counts, and says what to
 * do when it is empty.
 */
export default async function OverviewPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const [t, locale] = await Promise.all([getTranslations("overview"), getLocale()]);
  const now = new Date();
  const involving = seesAllExecutions(actor) ? undefined : actor.userId;
  const { counts, waiting, running, failed } = await withTenant(actor, async (tx) => {
    const [counts, waiting, running, failed] = await Promise.all([
      overviewCounts(tx, { userId: actor.userId, involving, now }),
      listToApprove(tx, actor.userId),
      listExecutions(tx, { statuses: ["queued", "running"], involving, limit: SHOWN }),
      listExecutions(tx, {
        statuses: FAILED_EXECUTION_STATUSES,
        finishedSince: new Date(now.getTime() - 7 * 86_400_000),
        involving,
        limit: SHOWN,
      }),
    ]);
    return { counts, waiting: waiting.slice(0, SHOWN), running, failed };
  });
  const base = `/t/${tenant.slug}`;
  const inFlight = IN_FLIGHT.reduce((n, b) => n + counts.mine[b], 0);
  return (
    <>
      <PageHeader title={tenant.name} description={t("description")} />
      <div className="grid gap-4 lg:grid-cols-2">
        <Panel title={t("waiting.title")} count={counts.waitingOnMe} href={`${base}/approvals`} all={t("waiting.all")}>
          <Rows
            empty={t("waiting.empty")}
            rows={waiting.map((o) => ({
              key: o.taskId,
              href: `${base}/work-orders/${o.id}`,
              title: `#${o.number} ${o.title}`,
              detail: o.levelName
                ? t("waiting.row_level", { requester: o.requesterName, level: o.levelName })
                : t("waiting.row", { requester: o.requesterName }),
              when: relative(o.taskCreatedAt, now, locale),
            }))}
          />
        </Panel>

        <Panel title={t("mine.title")} count={inFlight} href={`${base}/work-orders/mine`} all={t("mine.all")}>
          {inFlight === 0 ? (
            <Empty>
              {t("mine.empty")}{" "}
              <Link href={`${base}/work-orders`} className="text-indigo-600 hover:underline">
                {t("mine.submit")}
              </Link>
            </Empty>
          ) : (
            <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
              {IN_FLIGHT.map((b) => (
                <div key={b} className="rounded-md bg-zinc-50 p-3" data-testid={`mine-${b}`}>
                  <dt className="text-xs text-zinc-500">{t(`mine.bucket.${b}`)}</dt>
                  <dd className="mt-1 text-2xl font-semibold tabular-nums">{counts.mine[b]}</dd>
                </div>
              ))}
            </dl>
          )}
        </Panel>

        <Panel
          title={t("running.title")}
          count={counts.runningNow}
          href={`${base}/work-orders/history?status=running`}
          all={t("running.all")}
        >
          <Rows
            empty={t("running.empty")}
            rows={running.map((e) => ({
              key: e.id,
              href: `${base}/work-orders/${e.orderId}`,
              title: `#${e.orderNumber} ${e.orderTitle}`,
              detail: t("running.row", { template: e.templateName, executor: e.executorName }),
              when: relative(e.startedAt ?? e.queuedAt, now, locale),
            }))}
          />
        </Panel>

        <Panel
          title={t("failed.title")}
          count={counts.failedLast7Days}
          href={`${base}/work-orders/history?status=failed`}
          all={t("failed.all")}
        >
          <Rows
            empty={t("failed.empty")}
            rows={failed.map((e) => ({
              key: e.id,
              href: `${base}/work-orders/${e.orderId}`,
              title: `#${e.orderNumber} ${e.orderTitle}`,
              detail: t("failed.row", { status: e.status, template: e.templateName }),
              when: relative(e.finishedAt ?? e.queuedAt, now, locale),
            }))}
          />
        </Panel>
      </div>
    </>
  );
}

function Panel(props: { title: string; count: number; href: string; all: string; children: ReactNode }) {
  return (
    <Card className="p-5">
      <section aria-label={props.title}>
        <div className="mb-3 flex items-baseline justify-between gap-3">
          <h2 className="text-sm font-semibold text-zinc-800">
            {props.title}{" "}
            <span className="ml-1 rounded-full bg-zinc-100 px-2 py-0.5 text-xs tabular-nums text-zinc-700">
              {props.count}
            </span>
          </h2>
          <Link href={props.href} className="text-sm text-indigo-600 hover:underline">
            {props.all}
          </Link>
        </div>
        {props.children}
      </section>
    </Card>
  );
}

type RowData = { key: string; href: string; title: string; detail: string; when: string };

/** A card's list: each row an order link with a detail line and when; `empty` says what to do when there is none. */
function Rows({ rows, empty }: { rows: RowData[]; empty: string }) {
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <ul className="divide-y divide-zinc-100">
      {rows.map((r) => (
        <li key={r.key} className="flex items-baseline justify-between gap-3 py-2 text-sm">
          <span className="min-w-0">
            <Link href={r.href} className="font-medium text-zinc-900 hover:underline">
              {r.title}
            </Link>
            <span className="block truncate text-xs text-zinc-500">{r.detail}</span>
          </span>
          <span className="shrink-0 text-xs text-zinc-400">{r.when}</span>
        </li>
      ))}
    </ul>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return (
    <p className="rounded-md border border-dashed border-zinc-200 px-4 py-6 text-center text-sm text-zinc-500">
      {children}
    </p>
  );
}
