import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/session";
import { inviteParam, loadInvitation } from "@/lib/tenants/invitation-links";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ invite?: string | string[] }> }) {
  const invite = inviteParam((await searchParams).invite);
  if (await currentUser()) redirect(invite ? `/invite/${invite}` : "/");
  const invitation = invite ? await loadInvitation(invite) : null;
  if (invite && !invitation?.ok) redirect(`/invite/${invite}`);
  return <LoginForm invite={invite ?? undefined} email={invitation?.ok ? invitation.email : undefined} />;
}
