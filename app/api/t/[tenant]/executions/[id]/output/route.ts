import { NextResponse } from "next/server";
import { z } from "zod";
import { executionOutput, getExecution } from "@/db/queries/work-orders";
import { withTenant } from "@/db/tenant";
import { requestLocale } from "@/lib/i18n/request-locale";
import { renderStored } from "@/lib/i18n/translate";
import { currentUser, resolveMembership } from "@/lib/session";
import { mayReadExecution } from "@/lib/work-orders/execution-access";

const LIMIT = 2000;
const notFound = () => NextResponse.json({ error: "Not found." }, { status: 404 });

/**
 * Live output of an execution: status, exit code, times and the lines after `?after=<seq>`.
 * The tenant comes only from the URL slug, checked against the signed-in user's membership;
 * non-members, unknown ids and members who may not read this execution get the same 404.
 */
export async function GET(request: Request, { params }: { params: Promise<{ tenant: string; id: string }> }) {
  const { tenant: slug, id } = await params;
  const user = await currentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  const membership = await resolveMembership(user.id, slug);
  if (!membership || !z.uuid().safeParse(id).success) return notFound();
  const afterParam = new URL(request.url).searchParams.get("after");
  const after = afterParam && /^-?\d{1,9}$/.test(afterParam) ? Number(afterParam) : -1;

  const reader = { userId: user.id, role: membership.role };
  const data = await withTenant({ tenantId: membership.id, userId: user.id }, async (tx) => {
    const execution = await getExecution(tx, id);
    if (!execution || !mayReadExecution(reader, execution)) return null;
    const lines = await executionOutput(tx, id, after, LIMIT);
    return { execution, lines };
  });
  if (!data) return notFound();
  const { execution: e, lines } = data;
  return NextResponse.json(
    {
      status: e.status,
      exitCode: e.exitCode,
      error: e.error ? renderStored(await requestLocale(), e.error) : null,
      queuedAt: e.queuedAt.toISOString(),
      startedAt: e.startedAt?.toISOString() ?? null,
      finishedAt: e.finishedAt?.toISOString() ?? null,
      truncated: e.truncated,
      cancelRequested: e.cancelRequestedAt !== null,
      more: lines.length === LIMIT,
      lines,
    },
    { headers: { "cache-control": "no-store" } },
  );
}
