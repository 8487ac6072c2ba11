import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function NotFound() {
  const t = await getTranslations("ui.not_found");
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-3 px-6 text-center">
      <p className="text-5xl font-semibold text-zinc-300">404</p>
      <h1 className="text-lg font-semibold">{t("title")}</h1>
      <p className="text-sm text-zinc-500">{t("body")}</p>
      <Link href="/" className="text-sm font-medium text-indigo-600 hover:underline">
        {t("home")}
      </Link>
    </main>
  );
}
