import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  const t = await getTranslations("auth");
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <p className="text-2xl font-semibold tracking-tight">
            <span className="text-indigo-600">{"Ops"}</span>
            {"desk"}
          </p>
          <p className="mt-1 text-sm text-zinc-500">{t("tagline")}</p>
        </div>
        {children}
      </div>
    </main>
  );
}
