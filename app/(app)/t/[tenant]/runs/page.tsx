import type { Metadata } from "next";
import Link from "next/link";
import { statusTone } from "@/components/runs/display";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { FilterSelect } from "@/components/ui/filter-field";
import { OlderLink } from "@/components/ui/pagination";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { listRuns, type RunStatusFilter } from "@/db/queries/runs";
import { withTenant } from "@/db/tenant";
import { inngestMode } from "@/inngest/mode";
import { dateTime, durationBetween } from "@/lib/format";
import { can } from "@/lib/permissions";
import { olderHref, readParams, ZRunsParams } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";

export const metadata: Metadata = { title: "Runs" };

const STATUSES: RunStatusFilter[] = ["running", "sleeping", "waiting", "queued", "completed", "failed", "cancelled"];

export default async function RunsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const { status, before } = readParams(ZRunsParams, await searchParams);
  const base = `/t/${tenant.slug}/runs`;
  if (!can(actor, "runs.read")) {
    return (
      <>
        <PageHeader title="Runs" />
        <EmptyState title="Your role may not see background runs">
          Ask an admin for the “See background runs” permission.
        </EmptyState>
      </>
    );
  }
  if (inngestMode() === "external") {
    return (
      <>
        <PageHeader title="Runs" />
        <EmptyState title="Runs live on the Inngest server">
          Background work runs on the configured Inngest server; see its dashboard for runs, steps and re-runs.
        </EmptyState>
      </>
    );
  }
  const page = await withTenant(actor, (tx) => listRuns(tx, { status, before }));
  return (
    <>
      <PageHeader
        title="Runs"
        description="Background function runs of this tenant: status, steps, timings, output and errors."
      />
      <form method="get" className="mb-4 flex items-end gap-3" aria-label="Filter runs">
        <FilterSelect
          label="Status"
          name="status"
          value={status}
          any="Any status"
          options={STATUSES.map((s) => ({ value: s, label: s }))}
        />
        <button type="submit" className="h-8 rounded-md border border-zinc-300 bg-white px-3 text-sm hover:bg-zinc-100">
          Filter
        </button>
      </form>
      {page.runs.length === 0 ? (
        <EmptyState title={status ? `No ${status} runs` : "No runs yet"}>
          Runs appear here when events of this tenant start background functions.
        </EmptyState>
      ) : (
        <Card>
          <Table caption="Function runs">
            <THead>
              <Th>Function</Th>
              <Th>Status</Th>
              <Th>Event</Th>
              <Th>Started</Th>
              <Th>Duration</Th>
            </THead>
            <TBody>
              {page.runs.map((r) => (
                <Tr key={r.id}>
                  <Td>
                    <Link href={`${base}/${r.id}`} className="font-medium text-indigo-700 hover:underline">
                      {r.functionName}
                    </Link>
                    {r.rerunOf ? <span className="ml-2 text-xs text-zinc-500">re-run</span> : null}
                  </Td>
                  <Td>
                    <Badge tone={statusTone(r.status)}>{r.status}</Badge>
                  </Td>
                  <Td className="font-mono text-xs text-zinc-600">{r.eventName}</Td>
                  <Td className="text-zinc-600">
                    {dateTime(r.startedAt ?? r.createdAt, tenant.timeZone, { seconds: true })}
                  </Td>
                  <Td className="text-zinc-600">{durationBetween(r.startedAt, r.endedAt ?? new Date()) ?? "—"}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
      <OlderLink href={page.next ? olderHref(base, { status }, page.next) : null} label="Older runs" />
    </>
  );
}
