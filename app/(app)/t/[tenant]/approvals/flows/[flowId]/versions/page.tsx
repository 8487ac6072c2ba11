import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { diffSentences } from "@/components/approvals/flow-diff";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { control } from "@/components/ui/field";
import { getFlow, getFlowVersion, listFlowVersions } from "@/db/queries/approvals";
import { listMembers, listRoles } from "@/db/queries/tenancy";
import { listCategories, listTemplates } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { asApprovalGraph } from "@/lib/approvals/flow-graph";
import { diffGraphs } from "@/lib/graph/diff";
import { can } from "@/lib/permissions";
import { readParams } from "@/lib/search-params";
import { requireTenant } from "@/lib/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("approvals.diff"))("meta_title") };
}

const zSide = z
  .union([z.literal("draft"), z.coerce.number().int().min(1).max(1_000_000)])
  .optional()
  .catch(undefined);
const ZDiffParams = z.object({ from: zSide, to: zSide });

/** What changed between two published versions of a flow, or between the latest one and the draft. */
export default async function FlowVersionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string; flowId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant: slug, flowId } = await params;
  const { tenant, actor } = await requireTenant(slug);
  if (!z.uuid().safeParse(flowId).success) notFound();
  const query = readParams(ZDiffParams, await searchParams);
  const t = await getTranslations("approvals");
  const flowHref = `/t/${tenant.slug}/approvals/flows/${flowId}`;
  const back = (
    <Link href={flowHref} className="text-sm text-indigo-600 hover:underline">
      {t("diff.back")}
    </Link>
  );
  if (!can(actor, "flows.manage")) {
    return (
      <>
        <PageHeader title={t("diff.title")} actions={back} />
        <EmptyState title={t("flow.not_admin")} />
      </>
    );
  }
  const data = await withTenant(actor, async (tx) => {
    const flow = await getFlow(tx, flowId);
    if (!flow) return null;
    const versions = await listFlowVersions(tx, flowId);
    const latest = versions[0]?.version ?? null;
    const to = query.to ?? latest ?? "draft";
    const from = query.from ?? (to === "draft" ? latest : to > 1 ? to - 1 : null);
    const side = async (s: number | "draft" | null) =>
      s === null ? null : s === "draft" ? flow.graph : ((await getFlowVersion(tx, flowId, s))?.graph ?? undefined);
    return {
      flow,
      versions,
      from,
      to,
      before: await side(from),
      after: await side(to),
      members: await listMembers(tx),
      roles: await listRoles(tx),
      categories: await listCategories(tx),
      templates: await listTemplates(tx),
    };
  });
  if (!data) notFound();
  const { flow, versions, from, to, before, after } = data;
  const locale = await getLocale();
  const sideName = (s: number | "draft" | null) =>
    s === null ? t("diff.nothing_before") : s === "draft" ? t("diff.draft") : t("versions.version_n", { version: s });
  const roleName = (key: string) => {
    const role = data.roles.find((r) => r.key === key);
    return role?.builtin !== false && t.has(`roles.${key}`) ? t(`roles.${key}`) : (role?.name ?? key);
  };
  const missing = before === undefined || after === undefined;
  const empty = { nodes: [], edges: [] };
  const a = asApprovalGraph(before ?? empty);
  const b = asApprovalGraph(after ?? empty);
  const lines = missing
    ? []
    : diffSentences(t, diffGraphs(a, b), a, b, {
        options: {
          members: [],
          roles: data.roles.map((r) => ({ key: r.key, name: r.name, builtin: r.builtin })),
          environments: data.categories.filter((c) => c.kind === "environment"),
          purposes: data.categories.filter((c) => c.kind === "purpose"),
          templates: data.templates.map((x) => ({ id: x.id, name: x.name })),
        },
        roleName,
        memberName: (id) => data.members.find((m) => m.userId === id)?.name ?? t("flows.former_member"),
        sep: locale === "zh-CN" ? "、" : ", ",
      });
  const choices = [
    ...versions.map((v) => ({ value: String(v.version), label: t("versions.version_n", { version: v.version }) })),
    { value: "draft", label: t("diff.draft") },
  ];
  return (
    <>
      <PageHeader
        title={t("diff.heading", { name: flow.name, from: sideName(from), to: sideName(to) })}
        description={t("diff.description")}
        actions={back}
      />
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3" aria-label={t("diff.choose")}>
        {(["from", "to"] as const).map((side) => (
          <label key={side} className="text-sm">
            <span className="mb-1 block text-zinc-600">{t(`diff.${side}`)}</span>
            <select
              name={side}
              defaultValue={String((side === "from" ? from : to) ?? "")}
              className={`${control} border-zinc-300`}
            >
              {choices.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </select>
          </label>
        ))}
        <Button type="submit" variant="secondary">
          {t("diff.compare")}
        </Button>
      </form>
      <Card className="p-5">
        {missing ? (
          <p className="text-sm text-red-600">{t("diff.no_such_version")}</p>
        ) : lines.length === 0 ? (
          <p className="text-sm text-zinc-500" data-testid="diff-empty">
            {t("diff.none")}
          </p>
        ) : (
          <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="diff-lines">
            {lines.map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: sentences in a fixed order; two may read the same
              <li key={i}>{line}</li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
