import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireUser, userTenants } from "@/lib/session";
import { CreateTenantForm } from "./page-client";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("tenants.new"))("title") };
}

export default async function NewTenantPage() {
  const user = await requireUser();
  const [tenants, t] = await Promise.all([userTenants(user.id), getTranslations("tenants.new")]);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md">
        <CreateTenantForm />
        {tenants[0] ? (
          <p className="mt-4 text-center text-sm">
            <Link href={`/t/${tenants[0].slug}`} className="text-indigo-600 hover:underline">
              {t("back", { tenant: tenants[0].name })}
            </Link>
          </p>
        ) : (
          <p className="mt-4 text-center text-sm text-zinc-500">{t("none")}</p>
        )}
      </div>
    </main>
  );
}
