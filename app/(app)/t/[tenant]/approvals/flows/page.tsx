import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { listFlows } from "@/db/queries/approvals";
import { listMembers, listRoles } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { FlowError, graphToLevels, LEVEL_KIND_LABEL } from "@/lib/approvals/flow";
import { can, isBuiltinRole } from "@/lib/permissions";
import { roleName } from "@/lib/roles";
import { requireTenant } from "@/lib/session";

export const metadata: Metadata = { title: "Approval flows · Approvals" };

export default async function FlowsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const base = `/t/${tenant.slug}/approvals/flows`;
  const admin = can(actor, "flows.manage");
  const header = (
    <PageHeader
      title="Approval flows"
      description="Who approves, in which order. Templates that require approval use one of these."
      actions={
        admin ? (
          <Link
            href={`${base}/new`}
            className="inline-flex h-10 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-500"
          >
            New flow
          </Link>
        ) : null
      }
    />
  );
  if (!admin) {
    return (
      <>
        {header}
        <EmptyState title="Only owners and admins manage approval flows">
          Your approvals are waiting under “To approve”.
        </EmptyState>
      </>
    );
  }
  const { flows, members, roles } = await withTenant(actor, async (tx) => ({
    flows: await listFlows(tx),
    members: await listMembers(tx),
    roles: await listRoles(tx),
  }));
  const nameOf = new Map(members.map((m) => [m.userId, m.name]));
  return (
    <>
      {header}
      {flows.length === 0 ? (
        <EmptyState title="No approval flows yet">
          Create one with “New flow” — e.g. team leads, then operations — and pick it in a template.
        </EmptyState>
      ) : (
        <Card>
          <Table caption="Approval flows">
            <THead>
              <Th>Name</Th>
              <Th>Levels</Th>
              <Th>Updated</Th>
            </THead>
            <TBody>
              {flows.map((f) => {
                let levels: ReturnType<typeof graphToLevels> = [];
                let broken: string | null = null;
                try {
                  levels = graphToLevels(f.graph);
                } catch (error) {
                  broken = error instanceof FlowError ? error.message : "This flow cannot be read.";
                }
                return (
                  <Tr key={f.id} className="align-top">
                    <Td>
                      <Link href={`${base}/${f.id}`} className="font-medium text-indigo-700 hover:underline">
                        {f.name}
                      </Link>
                      {f.description ? <p className="text-zinc-500">{f.description}</p> : null}
                    </Td>
                    <Td>
                      {broken ? (
                        <span className="text-red-600">{broken}</span>
                      ) : (
                        <ol className="space-y-0.5">
                          {levels.map((l, i) => (
                            // biome-ignore lint/suspicious/noArrayIndexKey: levels are positional and have no id
                            <li key={`${i}-${l.name}`}>
                              <span className="text-zinc-400">{i + 1}.</span>{" "}
                              <span className="font-medium">{l.name}</span>{" "}
                              <span className="text-zinc-500">
                                · {LEVEL_KIND_LABEL[l.kind]} ·{" "}
                                {[
                                  ...l.users.map((u) => nameOf.get(u) ?? "former member"),
                                  ...l.roles.map((r) =>
                                    isBuiltinRole(r)
                                      ? `all ${roleName(r).toLowerCase()}s`
                                      : `everyone with the role ${roleName(r, roles)}`,
                                  ),
                                ].join(", ")}
                                {l.timeoutHours ? ` · ${l.timeoutHours} h limit` : ""}
                              </span>
                            </li>
                          ))}
                        </ol>
                      )}
                    </Td>
                    <Td className="whitespace-nowrap text-zinc-500">{f.updatedAt.toISOString().slice(0, 10)}</Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        </Card>
      )}
    </>
  );
}
