import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/session";
import { inviteParam, loadInvitation } from "@/lib/tenants/invitation-links";
import { SignUpForm } from "./signup-form";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ invite?: string | string[] }> }) {
  const invite = inviteParam((await searchParams).invite);
  if (await currentUser()) redirect(invite ? `/invite/${invite}` : "/");
  if (!invite) return <SignUpForm />;
  const invitation = await loadInvitation(invite);
  // A dead link's page says why; the form would only refuse it later.
  if (!invitation.ok) redirect(`/invite/${invite}`);
  return <SignUpForm invitation={{ token: invite, email: invitation.email, tenantName: invitation.tenantName }} />;
}
