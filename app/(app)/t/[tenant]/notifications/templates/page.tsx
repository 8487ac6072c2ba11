import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { listTemplateOverrides } from "@/db/queries/notifications";
import { withTenant } from "@/db/tenant";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "@/lib/i18n/locales";
import { messagesFor } from "@/lib/i18n/messages";
import { can } from "@/lib/permissions";
import { requireTenant } from "@/lib/session";
import { type Builtin, TemplatesClient } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notifications"))("templates.meta_title") };
}

/** The built-in wording in every language (a version shows what applies without it, in its own language). */
function builtinWording(): Record<Locale, Builtin> {
  return Object.fromEntries(
    LOCALES.map((l) => [l, (messagesFor(l).notifications as { builtin: Builtin }).builtin]),
  ) as Record<Locale, Builtin>;
}

export default async function TemplatesPage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant, actor } = await requireTenant((await params).tenant);
  const t = await getTranslations("notifications.templates");
  const header = <PageHeader title={t("title")} description={t("description")} />;
  if (!can(actor, "channels.manage")) {
    return (
      <>
        {header}
        <EmptyState title={t("admin_only")}>{t("admin_only_body", { tenant: tenant.name })}</EmptyState>
      </>
    );
  }
  const overrides = await withTenant(actor, (tx) => listTemplateOverrides(tx));
  return (
    <>
      {header}
      <TemplatesClient
        tenant={tenant.slug}
        tenantLocale={isLocale(tenant.defaultLocale) ? tenant.defaultLocale : DEFAULT_LOCALE}
        builtin={builtinWording()}
        overrides={overrides.map((o) => ({
          event: o.event,
          format: o.format,
          locale: o.locale,
          subject: o.subject,
          body: o.body,
        }))}
      />
    </>
  );
}
