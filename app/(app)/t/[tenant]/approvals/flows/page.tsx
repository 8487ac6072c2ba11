import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import { listFlows } from "@/db/queries/approvals";
import { listMembers, listRoles } from "@/db/queries/tenancy";
import { withTenant } from "@/db/tenant";
import { FlowError, graphToLevels } from "@/lib/approvals/flow";
import { renderMessage } from "@/lib/i18n/translate";
import { can, isBuiltinRole } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("approvals.flows"))("meta_title") };
}

export default async function FlowsPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const base = `/t/${tenant.slug}/approvals/flows`;
  const admin = can(actor, "flows.manage");
  const t = await getTranslations("approvals");
  const locale = await getLocale();
  const header = (
    <PageHeader
      title={t("flows.title")}
      description={t("flows.description")}
      actions={
        admin ? (
          <Link
            href={`${base}/new`}
            className="inline-flex h-10 items-center rounded-md bg-indigo-600 px-4 text-sm font-medium text-white hover:bg-indigo-500"
          >
            {t("flows.new")}
          </Link>
        ) : null
      }
    />
  );
  if (!admin) {
    return (
      <>
        {header}
        <EmptyState title={t("flows.not_admin_title")}>{t("flows.not_admin_body")}</EmptyState>
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
        <EmptyState title={t("flows.empty_title")}>{t("flows.empty_body")}</EmptyState>
      ) : (
        <Card>
          <Table caption={t("flows.caption")}>
            <THead>
              <Th>{t("flows.name")}</Th>
              <Th>{t("flows.levels")}</Th>
              <Th>{t("flows.updated")}</Th>
            </THead>
            <TBody>
              {flows.map((f) => {
                let levels: ReturnType<typeof graphToLevels> = [];
                let broken: string | null = null;
                try {
                  levels = graphToLevels(f.graph);
                } catch (error) {
                  broken =
                    error instanceof FlowError
                      ? renderMessage(locale, error.code, error.params)
                      : t("flows.unreadable");
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
                                · {t(`kinds.${l.kind}`)} ·{" "}
                                {[
                                  ...l.users.map((u) => nameOf.get(u) ?? t("flows.former_member")),
                                  ...l.roles.map((r) =>
                                    t("flows.role_everyone", {
                                      role: isBuiltinRole(r) ? r : "other",
                                      name: roles.find((x) => x.key === r)?.name ?? r,
                                    }),
                                  ),
                                ].join(locale === "zh-CN" ? "、" : ", ")}
                                {l.timeoutHours ? ` · ${t("flows.limit_hours", { hours: l.timeoutHours })}` : ""}
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
