import Link from "next/link";
import { SECTIONS } from "@/components/shell/nav";
import { Card, PageHeader } from "@/components/ui/card";
import { listAudit } from "@/db/queries/audit";
import { listMembers } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { dateTime } from "@/lib/format";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";

export default async function OverviewPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const { members, recent } = await withTenant(actor, async (tx) => ({
    members: await listMembers(tx),
    recent: can(actor, "audit.read") ? (await listAudit(tx, {})).rows.slice(0, 5) : [],
  }));
  const base = `/t/${tenant.slug}`;
  return (
    <>
      <PageHeader title={tenant.name} description="What your team is running, waiting on and changing." />
      <div className="grid gap-4 md:grid-cols-3">
        <Card className="p-5">
          <p className="text-sm text-zinc-500">Members</p>
          <p className="mt-1 text-3xl font-semibold">{members.length}</p>
          <Link href={`${base}/members`} className="mt-2 inline-block text-sm text-indigo-600 hover:underline">
            Manage members
          </Link>
        </Card>
        <Card className="p-5 md:col-span-2">
          <p className="text-sm font-medium text-zinc-700">Recent changes</p>
          {recent.length === 0 ? (
            <p className="mt-2 text-sm text-zinc-500">Nothing yet, or your role cannot read the audit log.</p>
          ) : (
            <ul className="mt-2 space-y-1 text-sm">
              {recent.map((r) => (
                <li key={r.id} className="flex justify-between gap-4">
                  <span>
                    <span className="font-medium">{r.actorName ?? r.actorLabel ?? "system"}</span>{" "}
                    <code className="text-xs text-zinc-600">{r.action}</code>
                  </span>
                  <time className="text-zinc-400" dateTime={r.createdAt.toISOString()}>
                    {dateTime(r.createdAt, tenant.timeZone)}
                  </time>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
      <h2 className="mt-10 mb-3 text-sm font-semibold text-zinc-700">Coming to this tenant</h2>
      <div className="grid gap-3 md:grid-cols-2">
        {SECTIONS.filter((s) => !s.ready).map((s) => (
          <Link
            key={s.slug}
            href={`${base}/${s.slug}`}
            className="rounded-lg border border-zinc-200 bg-white p-4 hover:border-indigo-300"
          >
            <p className="font-medium">{s.label}</p>
            <p className="mt-1 text-sm text-zinc-500">{"blurb" in s ? s.blurb : null}</p>
          </Link>
        ))}
      </div>
    </>
  );
}
