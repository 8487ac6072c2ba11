import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { returnTo, safeReturnTo } from "@/lib/auth/return-to";
import { currentUser } from "@/lib/session";
import { inviteParam, loadInvitation } from "@/lib/tenants/invitation-links";
import { SignUpForm } from "./signup-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth");
  return { title: t("signup.title") };
}

type Search = { invite?: string | string[]; next?: string | string[] };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Search> }) {
  const search = await searchParams;
  const invite = inviteParam(search.invite);
  const next = safeReturnTo(search.next) ?? undefined;
  if (await currentUser()) redirect(invite ? `/invite/${invite}` : returnTo(next));
  if (!invite) return <SignUpForm next={next} />;
  const invitation = await loadInvitation(invite);
  // A dead link's page says why; the form would only refuse it later.
  if (!invitation.ok) redirect(`/invite/${invite}`);
  return <SignUpForm invitation={{ token: invite, email: invitation.email, tenantName: invitation.tenantName }} />;
}
