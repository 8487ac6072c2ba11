import { NextResponse } from "next/server";
import { z } from "zod";
import { nodeLogAll } from "@/db/queries/flows";
import { withTenant } from "@/db/tenant";
import { can } from "@/lib/permissions";
import { currentUser, resolveMembership } from "@/lib/session";

const notFound = () => NextResponse.json({ error: "Not found." }, { status: 404 });

/**
 * The download of a node's whole log (every attempt, as text). The tenant comes only from the URL
 * slug, checked against the signed-in user's membership; non-members, members without `jobs.read`
 * and unknown ids (another tenant's included) get the same 404.
 */
export async function GET(
  _request: Request,
  { params }: { params: Promise<{ tenant: string; runId: string; runNodeId: string }> },
) {
  const { tenant: slug, runId, runNodeId } = await params;
  const user = await currentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  const membership = await resolveMembership(user.id, slug);
  if (!membership || !can(membership, "jobs.read") || !z.uuid().safeParse(runNodeId).success) return notFound();
  const log = await withTenant({ tenantId: membership.id, userId: user.id }, (tx) => nodeLogAll(tx, runNodeId));
  if (!log || log.node.runId !== runId) return notFound();
  const text = log.lines
    .map((l) => `[${l.attempt}] ${l.stream === "stdout" ? "" : `${l.stream}: `}${l.line}`)
    .join("\n");
  return new NextResponse(text ? `${text}\n` : "", {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${log.node.nodeId.replace(/[^A-Za-z0-9_-]/g, "_")}-${runId}.log"`,
      "cache-control": "no-store",
    },
  });
}
