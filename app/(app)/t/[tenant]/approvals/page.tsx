import type { Metadata } from "next";
import Link from "next/link";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { listToApprove, TO_APPROVE_LIMIT } from "@/db/queries/approvals";
import { withTenant } from "@/db/tenant";
import { LEVEL_KIND_LABEL } from "@/lib/approvals/flow";
import { dateTime, relative } from "@/lib/format";
import { requireTenant } from "@/lib/session";

export const metadata: Metadata = { title: "To approve · Approvals" };

export default async function ToApprovePage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor, user } = await requireTenant((await params).tenant);
  const rows = await withTenant(actor, (tx) => listToApprove(tx, user.id));
  const orders = `/t/${tenant.slug}/work-orders`;
  const now = new Date();
  return (
    <>
      <PageHeader
        title="To approve"
        description="Orders waiting for your decision, oldest first. Open one to approve, reject or transfer it."
      />
      {rows.length === 0 ? (
        <EmptyState title="Nothing waits for you">
          When an order reaches a level you approve, it shows up here (and you get a notification).
        </EmptyState>
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Orders waiting for your approval</caption>
            <thead className="border-b border-zinc-200 text-left text-xs uppercase tracking-wide text-zinc-500">
              <tr>
                <th className="px-4 py-3 font-medium">Order</th>
                <th className="px-4 py-3 font-medium">Requester</th>
                <th className="px-4 py-3 font-medium">Template</th>
                <th className="px-4 py-3 font-medium">Level</th>
                <th className="px-4 py-3 font-medium">Waiting since</th>
                <th className="px-4 py-3 font-medium">Due</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((o) => {
                const overdue = o.dueAt ? o.dueAt < now : false;
                return (
                  <tr key={o.taskId} className="border-b border-zinc-100 last:border-0 hover:bg-zinc-50">
                    <td className="px-4 py-3">
                      <Link href={`${orders}/${o.id}`} className="font-medium text-indigo-700 hover:underline">
                        <span className="text-zinc-400">#{o.number}</span> {o.title}
                      </Link>
                    </td>
                    <td className="px-4 py-3">{o.requesterName}</td>
                    <td className="px-4 py-3 text-zinc-600">{o.templateName}</td>
                    <td className="px-4 py-3">
                      {o.levelName ?? "—"}
                      <span className="block text-xs text-zinc-500">{LEVEL_KIND_LABEL[o.taskKind]}</span>
                    </td>
                    <td className="whitespace-nowrap px-4 py-3 text-zinc-500">
                      <time dateTime={o.taskCreatedAt.toISOString()} title={dateTime(o.taskCreatedAt, tenant.timeZone)}>
                        {relative(o.taskCreatedAt, now)}
                      </time>
                    </td>
                    <td className={cn("whitespace-nowrap px-4 py-3", overdue ? "text-red-600" : "text-zinc-500")}>
                      {o.dueAt ? (
                        <time dateTime={o.dueAt.toISOString()} title={dateTime(o.dueAt, tenant.timeZone)}>
                          {relative(o.dueAt, now)}
                        </time>
                      ) : (
                        "No limit"
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {rows.length === TO_APPROVE_LIMIT ? (
            <p className="border-t border-zinc-200 px-4 py-3 text-sm text-zinc-600" role="status">
              Showing the {TO_APPROVE_LIMIT} oldest waiting for you; more appear as you decide these.
            </p>
          ) : null}
        </Card>
      )}
    </>
  );
}
