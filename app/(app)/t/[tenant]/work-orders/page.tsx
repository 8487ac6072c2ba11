import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { type ReactNode, Suspense } from "react";
import { Card, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { SubmitForm, type SubmitTemplate } from "@/components/work-orders/submit-form";
import { windowText } from "@/components/work-orders/window-text";
import { listFlows } from "@/db/queries/approvals";
import { listCategories, listTemplates, type TemplateListItem } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { SafeError } from "@/lib/errors";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { variableOptions } from "@/lib/work-orders/fetch-options";
import { executeNowAction, previewOrderRouteAction, submitOrderAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("work-orders.submit"))("meta") };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function SubmitPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenant: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const query = await searchParams;
  const base = `/t/${tenant.slug}/work-orders`;
  const t = await getTranslations("work-orders.submit");
  const link = (href: string) => (chunks: ReactNode) => (
    <Link href={href} className="text-indigo-600 hover:underline">
      {chunks}
    </Link>
  );
  const header = <PageHeader title={t("title")} description={t("description")} />;
  if (!can(actor, "work.submit")) {
    return (
      <>
        {header}
        <EmptyState title={t("viewer_title")}>{t.rich("viewer_body", { link: link(`${base}/history`) })}</EmptyState>
      </>
    );
  }
  const { templates, categories, flows } = await withTenant(actor, async (tx) => ({
    templates: await listTemplates(tx, { enabledOnly: true }),
    categories: await listCategories(tx),
    flows: await listFlows(tx),
  }));
  const mine = templates.filter((t) => t.version.submitRoles.includes(actor.role));
  if (mine.length === 0) {
    return (
      <>
        {header}
        <EmptyState title={t("no_templates_title")}>
          {can(actor, "templates.manage")
            ? t.rich("no_templates_admin", { link: link(`${base}/templates`) })
            : t("no_templates_member")}
        </EmptyState>
      </>
    );
  }
  const environments = categories.filter((c) => c.kind === "environment" && mine.some((t) => t.environmentId === c.id));
  const purposes = categories.filter((c) => c.kind === "purpose");
  const selected = mine.find((t) => t.id === one(query.template)) ?? null;
  const envId =
    environments.find((e) => e.id === (one(query.env) ?? selected?.environmentId))?.id ?? environments[0]?.id;
  const inEnv = mine.filter((t) => t.environmentId === envId);
  const groups = purposes
    .map((p) => ({ purpose: p, templates: inEnv.filter((t) => t.purposeId === p.id) }))
    .filter((g) => g.templates.length > 0);

  return (
    <>
      {header}
      <nav aria-label={t("environments")} className="mb-4 flex flex-wrap gap-2">
        {environments.map((e) => {
          const active = e.id === envId;
          return (
            <Link
              key={e.id}
              href={`${base}?env=${e.id}`}
              aria-current={active ? "page" : undefined}
              className={cn(
                "rounded-md px-3 py-1.5 text-sm font-medium",
                active ? "bg-indigo-600 text-white" : "bg-white text-zinc-700 ring-1 ring-zinc-200 hover:bg-zinc-100",
              )}
            >
              {e.name}
              <span className={cn("ml-1.5 text-xs", active ? "text-indigo-200" : "text-zinc-400")}>
                {mine.filter((t) => t.environmentId === e.id).length}
              </span>
            </Link>
          );
        })}
      </nav>
      <div className="grid items-start gap-6 lg:grid-cols-[18rem_1fr]">
        <div className="space-y-5">
          {groups.map((g) => (
            <section key={g.purpose.id} aria-labelledby={`purpose-${g.purpose.id}`}>
              <h2
                id={`purpose-${g.purpose.id}`}
                className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500"
              >
                {g.purpose.name}
              </h2>
              <ul className="space-y-1.5">
                {g.templates.map((tpl) => {
                  const active = tpl.id === selected?.id;
                  return (
                    <li key={tpl.id}>
                      <Link
                        href={`${base}?env=${envId}&template=${tpl.id}`}
                        aria-current={active ? "true" : undefined}
                        className={cn(
                          "block rounded-md border px-3 py-2 text-sm",
                          active
                            ? "border-indigo-300 bg-indigo-50 text-indigo-800"
                            : "border-zinc-200 bg-white hover:border-zinc-300 hover:bg-zinc-50",
                        )}
                      >
                        <span className="font-medium">{tpl.name}</span>
                        <span className="block text-xs text-zinc-500">
                          {tpl.version.requiresApproval ? t("needs_approval") : t("no_approval")}
                          {tpl.version.deployWindow ? ` · ${t("deploy_window")}` : ""}
                        </span>
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
        </div>
        {selected ? (
          // Options from HTTP sources load while the rest of the page is already shown.
          <Suspense
            key={selected.id}
            fallback={
              <Card className="p-8 text-sm text-zinc-500" role="status">
                {t("loading", { name: selected.name })}
              </Card>
            }
          >
            <TemplateForm
              tenant={tenant.slug}
              template={selected}
              flowName={
                selected.version.requiresApproval
                  ? (flows.find((f) => f.id === selected.version.approvalFlowId)?.name ?? null)
                  : null
              }
              timeZone={tenant.timeZone}
            />
          </Suspense>
        ) : (
          <Card className="p-8 text-center text-sm text-zinc-500">{t("pick")}</Card>
        )}
      </div>
    </>
  );
}

/** The selected template's form, once its variables' options are in (HTTP sources are fetched now). */
async function TemplateForm({
  tenant,
  template,
  flowName,
  timeZone,
}: {
  tenant: string;
  template: TemplateListItem;
  flowName: string | null;
  timeZone: string;
}) {
  const v = template.version;
  const t = await getTranslations("work-orders");
  const variables = await Promise.all(
    v.variables.map(async (variable) => {
      try {
        return { ...variable, options: await variableOptions(variable), error: null };
      } catch (error) {
        const message =
          error instanceof SafeError
            ? error.render(await getLocale())
            : t("submit.options_failed", { label: variable.label || variable.name });
        return { ...variable, options: [], error: message };
      }
    }),
  );
  const form: SubmitTemplate = {
    id: template.id,
    name: template.name,
    version: template.currentVersion,
    description: v.description,
    command: v.command,
    internalNames: v.internalNames,
    requiresApproval: v.requiresApproval,
    flowName,
    deployWindow: v.deployWindow ? `${windowText(v.deployWindow, t)} (${timeZone})` : null,
    variables: variables.map((x) => ({
      name: x.name,
      label: x.label || x.name,
      multiple: x.multiple,
      required: x.required,
      options: x.options,
      error: x.error,
    })),
  };
  return (
    <SubmitForm
      tenant={tenant}
      template={form}
      submit={submitOrderAction}
      executeNow={executeNowAction}
      previewRoute={previewOrderRouteAction}
    />
  );
}
