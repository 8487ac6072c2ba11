import type { Metadata } from "next";
import Link from "next/link";
import { AuditDiff } from "@/components/audit/audit-diff";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterDate, FilterSelect } from "@/components/ui/filter-field";
import { OlderLink } from "@/components/ui/pagination";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { listAudit, listAuditActions } from "@/db/queries/audit";
import { listMembers } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { ForbiddenError } from "@/lib/errors";
import { dateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { readParams, ZAuditParams } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  if (!can(actor, "audit.read")) {
    return (
      <>
        <PageHeader title="Audit log" />
        <EmptyState title="Only owners and admins can read the audit log">{new ForbiddenError().message}</EmptyState>
      </>
    );
  }
  const filter = readParams(ZAuditParams, await searchParams);
  const { page, actions, members } = await withTenant(actor, async (tx) => ({
    page: await listAudit(tx, filter),
    actions: await listAuditActions(tx),
    members: await listMembers(tx),
  }));
  const base = `/t/${tenant.slug}/audit`;
  const olderHref = page.next
    ? `${base}?${new URLSearchParams({
        ...Object.fromEntries(
          Object.entries(filter)
            .filter(([, v]) => v !== undefined && v !== null)
            .map(([k, v]) => [k, String(v)]),
        ),
        before: String(page.next),
      })}`
    : null;
  const filtered = Boolean(filter.actor || filter.action || filter.from || filter.to);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change in this tenant: who, when, what, and what it was before."
      />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Filter the audit log">
        <FilterSelect
          label="Actor"
          name="actor"
          value={filter.actor}
          any="Anyone"
          options={members.map((m) => ({ value: m.userId, label: m.name }))}
        />
        <FilterSelect
          label="Action"
          name="action"
          value={filter.action}
          any="Any action"
          options={actions.map((a) => ({ value: a, label: a }))}
        />
        <FilterDate label="From" name="from" value={filter.from} />
        <FilterDate label="To" name="to" value={filter.to} />
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {filtered ? (
          <Link href={base} className="py-2 text-sm text-indigo-600 hover:underline">
            Clear filters
          </Link>
        ) : null}
      </form>
      {page.rows.length === 0 ? (
        <EmptyState title={filtered ? "No entries match these filters" : "No changes recorded yet"}>
          {filtered
            ? "Widen the dates or clear the filters."
            : "Changes to members, settings and work will appear here."}
        </EmptyState>
      ) : (
        <Card>
          <Table>
            <THead>
              <Th>When</Th>
              <Th>Who</Th>
              <Th>Action</Th>
              <Th>Target</Th>
              <Th>Change</Th>
            </THead>
            <TBody>
              {page.rows.map((r) => (
                <Tr key={r.id} className="align-top">
                  <Td className="whitespace-nowrap text-zinc-500">
                    <time dateTime={r.createdAt.toISOString()}>
                      {dateTime(r.createdAt, tenant.timeZone, { seconds: true })}
                    </time>
                  </Td>
                  <Td>
                    {r.actorName ?? r.actorLabel ?? "system"}
                    {r.ip ? <p className="text-xs text-zinc-400">{r.ip}</p> : null}
                  </Td>
                  <Td>
                    <code className="text-xs">{r.action}</code>
                  </Td>
                  <Td className="text-xs text-zinc-600">
                    {r.targetType}
                    {r.targetId ? <p className="font-mono text-zinc-400">{r.targetId.slice(0, 8)}</p> : null}
                  </Td>
                  <Td>
                    <AuditDiff before={r.before} after={r.after} />
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      <OlderLink href={olderHref} label="Older entries" />
    </>
  );
}
