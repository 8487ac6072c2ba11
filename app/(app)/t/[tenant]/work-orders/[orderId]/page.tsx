import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { Card, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { ApprovalLevels } from "@/components/work-orders/approval-levels";
import { StatusBadge } from "@/components/work-orders/status-badge";
import { upcomingApprovers } from "@/components/work-orders/upcoming-approvers";
import { windowText } from "@/components/work-orders/window-text";
import { isMuted } from "@/db/queries/notifications";
import { listMembers } from "@/db/queries/tenancy";
import { getOrder, listCategories } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import type { TimelineStep } from "@/lib/approvals/describe-route";
import type { FlowLevel } from "@/lib/approvals/flow";
import { dateTime, durationBetween, relative } from "@/lib/format";
import { renderStored } from "@/lib/i18n/translate";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { inDeployWindow } from "@/lib/work-orders/deploy-window";
import { executeRefusal } from "@/lib/work-orders/execute-refusal";
import { mayReadExecution } from "@/lib/work-orders/execution-access";
import { historyOf, runPolicyRefusal } from "@/lib/work-orders/run-policy";
import { ExecutionPanel, MuteToggle, OrderActions } from "./page-client";

/** The executions table sits inside a card section: tighter cells, no left padding. */
const DENSE = "px-0 py-2 pr-3";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("work-orders.order"))("title") };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export default async function OrderPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string; orderId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant: slug, orderId } = await params;
  const { tenant, actor, user } = await requireTenant(slug);
  if (!z.uuid().safeParse(orderId).success) notFound();
  const { detail, categories, members, muted, upcoming } = await withTenant(actor, async (tx) => {
    const detail = await getOrder(tx, orderId);
    return {
      detail,
      categories: await listCategories(tx),
      members: await listMembers(tx),
      muted: await isMuted(tx, user.id, orderId),
      upcoming: detail ? await upcomingApprovers(tx, detail) : new Map<number, string[]>(),
    };
  });
  if (!detail) notFound();
  const { order, tasks, timeline, executions } = detail;
  const base = `/t/${tenant.slug}/work-orders`;
  const category = new Map(categories.map((c) => [c.id, c.name]));
  const levels = (order.flow as FlowLevel[] | null) ?? [];
  const pending = order.status === "pending";
  const isRequester = order.requesterId === user.id;
  const myTask = tasks.find(
    (t) => t.task.approverId === user.id && t.task.status === "pending" && t.task.level === order.currentLevel,
  );
  const running = executions.find((e) => e.execution.status === "queued" || e.execution.status === "running");
  const seesAll = can(actor, "executions.all");
  const mayExecute = executeRefusal({ order, version: detail, actor, tasks: tasks.map((t) => t.task) }) === null;
  // Once it ran, the template version's run policy decides whether it may run again (as startExecution does).
  const history = historyOf(executions.map((e) => e.execution.status));
  const noRunAgain = runPolicyRefusal(detail.runPolicy, history);
  const last = executions[0];
  const t = await getTranslations("work-orders");
  const to = await getTranslations("work-orders.order");
  const locale = await getLocale();
  const memberName = new Map(members.map((m) => [m.userId, m.name]));
  const windowShown = detail.deployWindow ? `${windowText(detail.deployWindow, t)} (${tenant.timeZone})` : null;
  const outsideWindow =
    detail.deployWindow && !inDeployWindow(detail.deployWindow, tenant.timeZone) ? windowShown : null;
  const timelineText = (action: string, targetName: string | null, detail?: unknown) => {
    const target = targetName ?? to("timeline.someone");
    if (action === "route") {
      const route = detail as { version: number; steps: TimelineStep[] };
      const path = route.steps
        .map((s) => (s.type === "level" ? s.name : s.label || to("timeline.route_default")))
        .join(" → ");
      return to("timeline.route", { version: route.version, path });
    }
    if (action.startsWith("execution.")) {
      const status = action.slice("execution.".length);
      return to("timeline.execution", { status: t.has(`run_result.${status}`) ? t(`run_result.${status}`) : status });
    }
    return to.has(`timeline.${action}`) ? to(`timeline.${action}`, { target }) : action.replace(/_/g, " ");
  };
  const requested = (await searchParams).execution;
  const selected =
    executions.find((e) => e.execution.id === (Array.isArray(requested) ? requested[0] : requested)) ?? executions[0];
  const values = Object.entries(order.values);
  const label = new Map(detail.variables.map((v) => [v.name, v.label || v.name]));

  return (
    <>
      <PageHeader
        title={order.title}
        description={to("description", {
          number: order.number,
          template: detail.templateName,
          version: detail.version,
          environment: category.get(order.environmentId) ?? "—",
          requester: detail.requesterName,
          when: relative(order.createdAt, new Date(), locale),
        })}
        actions={
          <>
            <MuteToggle tenant={tenant.slug} orderId={order.id} muted={muted} />
            <span className="text-base" data-testid="order-status">
              <StatusBadge
                status={order.status}
                lastRun={order.lastExecutionStatus}
                policy={detail.runPolicy}
                className="px-3 py-1 text-sm"
              />
            </span>
          </>
        }
      />
      <div className="grid items-start gap-6 lg:grid-cols-[1fr_20rem]">
        <div className="min-w-0 space-y-6">
          <Card className="p-5">
            <h2 className="sr-only">{to("details")}</h2>
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[9rem_1fr]">
              <dt className="text-zinc-500">{to("template")}</dt>
              <dd>
                {detail.templateName}{" "}
                <span className="text-zinc-400">{to("version", { version: detail.version })}</span>
                {detail.fourEyes ? <span className="ml-2 text-xs text-zinc-500">{to("four_eyes")}</span> : null}
              </dd>
              <dt className="text-zinc-500">{t("run_policy")}</dt>
              <dd data-testid="run-policy">{t(`policy_short.${detail.runPolicy}`)}</dd>
              <dt className="text-zinc-500">{to("environment")}</dt>
              <dd>{category.get(order.environmentId) ?? "—"}</dd>
              <dt className="text-zinc-500">{to("requester")}</dt>
              <dd>{detail.requesterName}</dd>
              <dt className="text-zinc-500">{to("submitted")}</dt>
              <dd>
                <time dateTime={order.createdAt.toISOString()}>{dateTime(order.createdAt, tenant.timeZone)}</time>
              </dd>
              {detail.deployWindow ? (
                <>
                  <dt className="text-zinc-500">{to("deploy_window")}</dt>
                  <dd>{windowShown}</dd>
                </>
              ) : null}
              <dt className="text-zinc-500">{to("values")}</dt>
              <dd>
                {values.length === 0 ? (
                  <span className="text-zinc-400">{to("none")}</span>
                ) : (
                  <ul className="space-y-0.5">
                    {values.map(([k, v]) => (
                      <li key={k}>
                        <span className="text-zinc-500">{label.get(k) ?? k}:</span>{" "}
                        <span className="font-mono">{Array.isArray(v) ? v.join(", ") || "—" : v || "—"}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </dl>
            <p className="mt-4 mb-1 text-sm text-zinc-500">{to("command")}</p>
            <pre
              data-testid="order-command"
              className="overflow-x-auto whitespace-pre-wrap break-all rounded-md bg-zinc-900 px-3 py-2 font-mono text-xs text-zinc-100"
            >
              {order.commandPreview}
            </pre>
          </Card>

          <Card className="p-5">
            <h2 className="mb-3 text-sm font-semibold">{to("executions")}</h2>
            {executions.length === 0 ? (
              <p className="text-sm text-zinc-500">
                {order.status === "approved"
                  ? mayExecute
                    ? to("not_executed_can")
                    : to("not_executed")
                  : order.status === "pending"
                    ? to("after_approval")
                    : to("cannot_execute", { status: t(`order_state.${order.status}`) })}
              </p>
            ) : (
              <div className="space-y-4">
                <Table caption={to("executions_caption")}>
                  <THead>
                    <Th className={DENSE}>{to("col_started")}</Th>
                    <Th className={DENSE}>{to("col_by")}</Th>
                    <Th className={DENSE}>{to("col_status")}</Th>
                    <Th className={DENSE}>{to("col_exit")}</Th>
                    <Th className="px-0 py-2">{to("col_duration")}</Th>
                  </THead>
                  <TBody>
                    {executions.map(({ execution: e, executorName }) => {
                      const isSelected = e.id === selected?.execution.id;
                      return (
                        <Tr key={e.id} className={isSelected ? "bg-indigo-50/60" : undefined}>
                          <Td className={DENSE}>
                            <Link
                              href={`${base}/${order.id}?execution=${e.id}`}
                              aria-current={isSelected ? "true" : undefined}
                              className="text-indigo-700 hover:underline"
                              scroll={false}
                            >
                              {dateTime(e.startedAt ?? e.queuedAt, tenant.timeZone)}
                            </Link>
                          </Td>
                          <Td className={DENSE}>{executorName}</Td>
                          <Td className={DENSE}>
                            <StatusBadge status={e.status} />
                          </Td>
                          <Td className={`${DENSE} font-mono`}>{e.exitCode ?? "—"}</Td>
                          <Td className="px-0 py-2">{durationBetween(e.startedAt, e.finishedAt, locale) ?? "—"}</Td>
                        </Tr>
                      );
                    })}
                  </TBody>
                </Table>
                {noRunAgain && order.status === "approved" ? (
                  <p className="text-sm text-zinc-500" data-testid="no-run-again">
                    {t("no_run_again", { policy: detail.runPolicy })}
                  </p>
                ) : null}
                {selected && mayReadExecution(actor, selected.execution) ? (
                  <ExecutionPanel
                    key={selected.execution.id}
                    tenant={tenant.slug}
                    executionId={selected.execution.id}
                    initialStatus={selected.execution.status}
                    canCancel={selected.execution.executorId === user.id || seesAll}
                  />
                ) : selected ? (
                  <p className="text-sm text-zinc-500" data-testid="output-hidden">
                    {to("output_hidden")}
                  </p>
                ) : null}
              </div>
            )}
          </Card>

          <Card className="p-5">
            <h2 className="mb-3 text-sm font-semibold">{to("timeline_heading")}</h2>
            <ol className="relative space-y-4 border-l border-zinc-200 pl-5" data-testid="timeline">
              {timeline.map(({ record: r, actorName, targetName }) => (
                <li key={r.id} className="relative text-sm">
                  <span
                    className={cn(
                      "absolute top-1.5 -left-[25px] size-2.5 rounded-full ring-4 ring-white",
                      r.action === "reject" || r.action.endsWith("failed") || r.action === "expire"
                        ? "bg-red-500"
                        : r.action === "approve" || r.action === "approved" || r.action.endsWith("succeeded")
                          ? "bg-emerald-500"
                          : "bg-zinc-400",
                    )}
                    aria-hidden
                  />
                  <p>
                    {actorName ? (
                      <>
                        <span className="font-medium">{actorName}</span> {timelineText(r.action, targetName, r.detail)}
                      </>
                    ) : (
                      <span className="font-medium">{capitalize(timelineText(r.action, targetName, r.detail))}</span>
                    )}
                    {r.level !== null &&
                    levels[r.level] &&
                    !["approved", "execute"].includes(r.action) &&
                    !r.action.startsWith("execution") ? (
                      <span className="text-zinc-500"> · {levels[r.level]?.name}</span>
                    ) : null}
                    {r.via === "email" ? (
                      <span className="ml-2 rounded-full bg-sky-100 px-2 py-0.5 text-xs font-medium text-sky-800">
                        {to("via_email")}
                      </span>
                    ) : null}
                  </p>
                  <p className="text-xs text-zinc-400">
                    <time dateTime={r.createdAt.toISOString()}>
                      {dateTime(r.createdAt, tenant.timeZone, { seconds: true })}
                    </time>{" "}
                    · {relative(r.createdAt, new Date(), locale)}
                  </p>
                  {r.comment ? (
                    <blockquote className="mt-1 whitespace-pre-line rounded-md bg-zinc-50 px-3 py-2 text-zinc-700">
                      {renderStored(locale, r.comment)}
                    </blockquote>
                  ) : null}
                </li>
              ))}
            </ol>
          </Card>
        </div>

        <div className="space-y-6">
          <OrderActions
            tenant={tenant.slug}
            orderId={order.id}
            orderNumber={order.number}
            commandPreview={order.commandPreview}
            decide={Boolean(myTask)}
            addApprover={pending && (Boolean(myTask) || can(actor, "approvals.manage"))}
            requester={isRequester && pending}
            execute={mayExecute && !running && !noRunAgain}
            lastRun={
              last
                ? {
                    at: dateTime(last.execution.startedAt ?? last.execution.queuedAt, tenant.timeZone),
                    by: last.executorName,
                    status: last.execution.status,
                  }
                : null
            }
            outsideWindow={outsideWindow}
            members={members
              .filter((m) => m.role !== "VIEWER" && m.userId !== user.id)
              .map((m) => ({ userId: m.userId, name: m.name, email: m.email }))}
          />

          <ApprovalLevels
            levels={levels}
            tasks={tasks}
            currentLevel={pending ? order.currentLevel : null}
            upcoming={upcoming}
            memberName={memberName}
            userId={user.id}
          />
        </div>
      </div>
    </>
  );
}
