import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { GateDecision } from "@/components/approvals/gate-decision";
import { Card, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { listGatesToApprove, listToApprove, TO_APPROVE_LIMIT } from "@/db/queries/approvals";
import { withTenant } from "@/db/tenant";
import { dateTime, relative } from "@/lib/format";
import { requireTenant } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("approvals.inbox"))("meta_title") };
}

/**
 * What waits for the user's decision: work orders at their current level, and beside them flow
 * runs' approval gates (each row opens its run, and decides the gate as its emailed link does).
 */
export default async function ToApprovePage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor, user } = await requireTenant((await params).tenant);
  const [rows, gates] = await withTenant(actor, async (tx) => [
    await listToApprove(tx, user.id),
    await listGatesToApprove(tx, user.id),
  ]);
  const t = await getTranslations("approvals");
  const locale = await getLocale();
  const orders = `/t/${tenant.slug}/work-orders`;
  const now = new Date();
  return (
    <>
      <PageHeader title={t("inbox.title")} description={t("inbox.description")} />
      {rows.length === 0 && gates.length === 0 ? (
        <EmptyState title={t("inbox.empty_title")}>{t("inbox.empty_body")}</EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <Card className="overflow-x-auto">
          <Table caption={t("inbox.caption")}>
            <THead>
              <Th>{t("inbox.order")}</Th>
              <Th>{t("inbox.requester")}</Th>
              <Th>{t("inbox.template")}</Th>
              <Th>{t("inbox.level")}</Th>
              <Th>{t("inbox.waiting_since")}</Th>
              <Th>{t("inbox.due")}</Th>
            </THead>
            <TBody>
              {rows.map((o) => {
                const overdue = o.dueAt ? o.dueAt < now : false;
                return (
                  <Tr key={o.taskId} hover>
                    <Td>
                      <Link href={`${orders}/${o.id}`} className="font-medium text-indigo-700 hover:underline">
                        <span className="text-zinc-400">#{o.number}</span> {o.title}
                      </Link>
                    </Td>
                    <Td>{o.requesterName}</Td>
                    <Td className="text-zinc-600">{o.templateName}</Td>
                    <Td>
                      {o.levelName ?? "—"}
                      <span className="block text-xs text-zinc-500">{t(`kinds.${o.taskKind}`)}</span>
                    </Td>
                    <Td className="whitespace-nowrap text-zinc-500">
                      <time dateTime={o.taskCreatedAt.toISOString()} title={dateTime(o.taskCreatedAt, tenant.timeZone)}>
                        {relative(o.taskCreatedAt, now, locale)}
                      </time>
                    </Td>
                    <Td className={cn("whitespace-nowrap", overdue ? "text-red-600" : "text-zinc-500")}>
                      {o.dueAt ? (
                        <time dateTime={o.dueAt.toISOString()} title={dateTime(o.dueAt, tenant.timeZone)}>
                          {relative(o.dueAt, now, locale)}
                        </time>
                      ) : (
                        t("inbox.no_limit")
                      )}
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
          {rows.length === TO_APPROVE_LIMIT ? (
            <p className="border-t border-zinc-200 px-4 py-3 text-sm text-zinc-600" role="status">
              {t("inbox.capped", { limit: TO_APPROVE_LIMIT })}
            </p>
          ) : null}
        </Card>
      ) : null}
      {gates.length > 0 ? (
        <Card className="mt-6 overflow-x-auto" data-testid="gates-to-approve">
          <Table caption={t("inbox.gates_caption")}>
            <THead>
              <Th>{t("inbox.gate")}</Th>
              <Th>{t("inbox.flow")}</Th>
              <Th>{t("inbox.started_by")}</Th>
              <Th>{t("inbox.level")}</Th>
              <Th>{t("inbox.waiting_since")}</Th>
              <Th>{t("inbox.due")}</Th>
              <Th>
                <span className="sr-only">{t("inbox.decision")}</span>
              </Th>
            </THead>
            <TBody>
              {gates.map((g) => {
                const overdue = g.dueAt ? g.dueAt < now : false;
                return (
                  <Tr key={g.taskId} hover>
                    <Td>
                      <Link
                        href={`/t/${tenant.slug}/flows/${g.flowId}/runs/${g.runId}`}
                        className="font-medium text-indigo-700 hover:underline"
                      >
                        {g.gateName ?? t("inbox.gate")}
                      </Link>
                    </Td>
                    <Td className="text-zinc-600">{g.flowName}</Td>
                    <Td>{g.starterName ?? t("email.gate_schedule")}</Td>
                    <Td>{t(`kinds.${g.taskKind}`)}</Td>
                    <Td className="whitespace-nowrap text-zinc-500">
                      <time dateTime={g.taskCreatedAt.toISOString()} title={dateTime(g.taskCreatedAt, tenant.timeZone)}>
                        {relative(g.taskCreatedAt, now, locale)}
                      </time>
                    </Td>
                    <Td className={cn("whitespace-nowrap", overdue ? "text-red-600" : "text-zinc-500")}>
                      {g.dueAt ? (
                        <time dateTime={g.dueAt.toISOString()} title={dateTime(g.dueAt, tenant.timeZone)}>
                          {relative(g.dueAt, now, locale)}
                        </time>
                      ) : (
                        t("inbox.no_limit")
                      )}
                    </Td>
                    <Td className="text-right">
                      <GateDecision
                        tenant={tenant.slug}
                        runNodeId={g.runNodeId}
                        gateName={g.gateName ?? t("inbox.gate")}
                      />
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </Card>
      ) : null}
    </>
  );
}
