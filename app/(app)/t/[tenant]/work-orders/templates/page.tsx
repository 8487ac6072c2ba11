import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { listFlows } from "@/db/queries/approvals";
import { listCategories, listTemplates } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";

export const metadata: Metadata = { title: "Templates · Work orders" };

export default async function TemplatesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const base = `/t/${tenant.slug}/work-orders`;
  const admin = can(actor, "templates.manage");
  const header = (
    <PageHeader
      title="Templates"
      description="The commands people may run, with their variables, approval and deploy window."
      actions={
        admin ? (
          <Link
            href={`${base}/templates/new`}
            className="inline-flex h-10 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-500"
          >
            New template
          </Link>
        ) : null
      }
    />
  );
  if (!admin) {
    return (
      <>
        {header}
        <EmptyState title="Only owners and admins manage templates">
          Submit an order from the{" "}
          <Link href={base} className="text-indigo-600 hover:underline">
            Submit
          </Link>{" "}
          page.
        </EmptyState>
      </>
    );
  }
  const { templates, categories, flows } = await withTenant(actor, async (tx) => ({
    templates: await listTemplates(tx),
    categories: await listCategories(tx),
    flows: await listFlows(tx),
  }));
  const category = new Map(categories.map((c) => [c.id, c.name]));
  const flow = new Map(flows.map((f) => [f.id, f.name]));
  const missing = [
    categories.some((c) => c.kind === "environment") ? null : "an environment",
    categories.some((c) => c.kind === "purpose") ? null : "a purpose",
  ].filter(Boolean);
  return (
    <>
      {header}
      {missing.length ? (
        <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-800">
          A template needs {missing.join(" and ")} category first:{" "}
          <Link href={`${base}/categories`} className="font-medium underline">
            add categories
          </Link>
          .
        </p>
      ) : null}
      {templates.length === 0 ? (
        <EmptyState title="No templates yet">
          Create one with “New template”: a command with <code>{"{Variables}"}</code>, who may submit it and who
          approves it.
        </EmptyState>
      ) : (
        <Card>
          <Table caption="Templates">
            <THead>
              <Th>Name</Th>
              <Th>Environment</Th>
              <Th>Purpose</Th>
              <Th>Approval</Th>
              <Th>Version</Th>
              <Th>State</Th>
            </THead>
            <TBody>
              {templates.map((t) => (
                <Tr key={t.id} data-testid={`template-${t.name}`}>
                  <Td>
                    <Link href={`${base}/templates/${t.id}`} className="font-medium text-indigo-700 hover:underline">
                      {t.name}
                    </Link>
                    {t.version.description ? (
                      <p className="line-clamp-1 text-zinc-500">{t.version.description}</p>
                    ) : null}
                  </Td>
                  <Td>{category.get(t.environmentId) ?? "—"}</Td>
                  <Td>{category.get(t.purposeId) ?? "—"}</Td>
                  <Td className="text-zinc-600">
                    {t.version.requiresApproval
                      ? (flow.get(t.version.approvalFlowId ?? "") ?? "archived flow")
                      : "None (runs at once)"}
                    {t.version.fourEyes ? <span className="ml-1 text-xs text-zinc-400">· four eyes</span> : null}
                  </Td>
                  <Td className="text-zinc-600">v{t.currentVersion}</Td>
                  <Td>
                    {t.enabled ? (
                      <span className="rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800">
                        Enabled
                      </span>
                    ) : (
                      <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-600">
                        Disabled
                      </span>
                    )}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Card>
      )}
    </>
  );
}
