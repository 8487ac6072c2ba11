import type { Metadata } from "next";
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { renderMessage } from "@/lib/i18n/translate";
import { isBuiltinRole } from "@/lib/permissions";
import { currentUser } from "@/lib/session";
import { loadInvitation } from "@/lib/tenants/invitation-links";
import { AcceptForm } from "./page-client";

// The token is a credential: keep it out of search indexes and Referer headers.
export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("invite.title"), robots: { index: false, follow: false }, referrer: "no-referrer" };
}

/**
 * An emailed invitation link. Rendering (GET) only reads — mail scanners pre-fetch links —
 * accepting happens on a POST: the Join button, or the sign-in / sign-up form it leads to.
 */
export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [t, tm] = await Promise.all([getTranslations("auth.invite"), getTranslations("members")]);
  const view = await loadInvitation(token);
  const user = view.ok ? await currentUser() : null;
  const q = `?invite=${encodeURIComponent(token)}`;
  return (
    <main className="flex min-h-screen items-start justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <p className="mb-6 text-center text-2xl font-semibold tracking-tight">
          <span className="text-indigo-600">{"Ops"}</span>
          {"desk"}
        </p>
        {view.ok ? (
          <Card className="space-y-4 p-6" data-testid="invitation">
            <h1 className="text-lg font-semibold">{t("join_title", { tenant: view.tenantName })}</h1>
            <p className="text-sm text-zinc-600">
              {t("invited", {
                inviter: view.inviterName,
                email: view.email,
                tenant: view.tenantName,
                role: isBuiltinRole(view.role) ? tm(`builtin_in_sentence.${view.role.toLowerCase()}`) : view.roleName,
              })}
            </p>
            {user ? (
              user.email === view.email ? (
                <AcceptForm token={token} tenantName={view.tenantName} />
              ) : (
                <p className="text-sm text-zinc-600" role="alert">
                  {t("other_user", { user: user.email, email: view.email })}
                </p>
              )
            ) : (
              <div className="flex flex-col gap-2 text-sm">
                <Link
                  href={`/signup${q}`}
                  className="rounded-md bg-indigo-600 px-4 py-2 text-center font-medium text-white hover:bg-indigo-500"
                >
                  {t("create_to_accept")}
                </Link>
                <Link
                  href={`/login${q}`}
                  className="rounded-md border border-zinc-300 px-4 py-2 text-center font-medium hover:bg-zinc-50"
                >
                  {t("sign_in_to_accept")}
                </Link>
              </div>
            )}
          </Card>
        ) : (
          <Card className="p-6" data-testid="invitation-dead">
            <h1 className="text-lg font-semibold">{t(`dead.${view.dead.state}`)}</h1>
            <p className="mt-2 text-sm text-zinc-600" role="alert">
              {renderMessage(await getLocale(), view.dead.code)}
            </p>
          </Card>
        )}
      </div>
    </main>
  );
}
