import { NextResponse } from "next/server";
import { listInbox, unreadCount } from "@/db/queries/notifications";
import { withTenant } from "@/db/tenant";
import { currentUser, resolveMembership } from "@/lib/session";

/**
 * The bell: the signed-in member's unread count and latest five notifications. The tenant comes
 * only from the URL slug, checked against the user's membership; non-members get a 404.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const user = await currentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  const membership = await resolveMembership(user.id, slug);
  if (!membership) return NextResponse.json({ error: "Not found." }, { status: 404 });
  const { unread, latest } = await withTenant({ tenantId: membership.id, userId: user.id }, async (tx) => ({
    unread: await unreadCount(tx, user.id),
    latest: await listInbox(tx, user.id, { limit: 5 }),
  }));
  return NextResponse.json(
    {
      unread,
      latest: latest.map((n) => ({
        ...n,
        readAt: n.readAt?.toISOString() ?? null,
        createdAt: n.createdAt.toISOString(),
      })),
    },
    { headers: { "cache-control": "no-store" } },
  );
}
