import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Brand } from "@/components/shell/brand";
import { PageHeader } from "@/components/ui/card";
import { isLocale } from "@/lib/i18n/locales";
import { requireUser, userTenants } from "@/lib/session";
import { PasswordForm, ProfileForm } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("profile"))("title") };
}

/**
 * The signed-in user's own page (the user menu's Profile): name, language and password. It sits
 * outside any tenant; `?from=<slug>` (the tenant the menu was opened in) is where "Back" leads,
 * when the user is a member there.
 */
export default async function ProfilePage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  const user = await requireUser();
  const [t, locale, tenants, { from }] = await Promise.all([
    getTranslations("profile"),
    getLocale(),
    userTenants(user.id),
    searchParams,
  ]);
  const back = tenants.find((x) => x.slug === from) ?? tenants[0];
  return (
    <main className="mx-auto w-full max-w-2xl px-4 py-8">
      <div className="mb-6 flex items-center justify-between gap-4">
        <Brand />
        {back ? (
          <Link href={`/t/${back.slug}`} className="text-sm text-indigo-600 hover:underline">
            {t("back", { tenant: back.name })}
          </Link>
        ) : (
          <Link href="/tenants/new" className="text-sm text-indigo-600 hover:underline">
            {t("no_tenant")}
          </Link>
        )}
      </div>
      <PageHeader title={t("heading")} description={t("signed_in_as", { email: user.email })} />
      <div className="space-y-6">
        <ProfileForm name={user.name} locale={isLocale(user.locale) ? user.locale : isLocale(locale) ? locale : "en"} />
        <PasswordForm email={user.email} />
      </div>
    </main>
  );
}
