import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { returnTo, safeReturnTo } from "@/lib/auth/return-to";
import { currentUser } from "@/lib/session";
import { inviteParam, loadInvitation } from "@/lib/tenants/invitation-links";
import { LanguageSwitch } from "./language-switch";
import { LoginForm } from "./login-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("login.title") };
}

type Search = { invite?: string | string[]; next?: string | string[] };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const invite = inviteParam(search.invite);
  // Where to go after sign-in: a same-origin path only (never an open redirect).
  const next = safeReturnTo(search.next) ?? undefined;
  if (await currentUser()) redirect(invite ? `/invite/${invite}` : returnTo(next));
  const invitation = invite ? await loadInvitation(invite) : null;
  if (invite && !invitation?.ok) redirect(`/invite/${invite}`);
  return (
    <>
      <LoginForm invite={invite ?? undefined} email={invitation?.ok ? invitation.email : undefined} next={next} />
      <LanguageSwitch />
    </>
  );
}
