import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
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
          <Table caption="Orders waiting for your approval">
            <THead>
              <Th>Order</Th>
              <Th>Requester</Th>
              <Th>Template</Th>
              <Th>Level</Th>
              <Th>Waiting since</Th>
              <Th>Due</Th>
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
                      <span className="block text-xs text-zinc-500">{LEVEL_KIND_LABEL[o.taskKind]}</span>
                    </Td>
                    <Td className="whitespace-nowrap text-zinc-500">
                      <time dateTime={o.taskCreatedAt.toISOString()} title={dateTime(o.taskCreatedAt, tenant.timeZone)}>
                        {relative(o.taskCreatedAt, now)}
                      </time>
                    </Td>
                    <Td className={cn("whitespace-nowrap", overdue ? "text-red-600" : "text-zinc-500")}>
                      {o.dueAt ? (
                        <time dateTime={o.dueAt.toISOString()} title={dateTime(o.dueAt, tenant.timeZone)}>
                          {relative(o.dueAt, now)}
                        </time>
                      ) : (
                        "No limit"
                      )}
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
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
