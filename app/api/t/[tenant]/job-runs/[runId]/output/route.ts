import { NextResponse } from "next/server";
import { z } from "zod";
import { getRun, runOutput } from "@/db/queries/job-runs";
import { withTenant } from "@/db/tenant";
import { requestLocale } from "@/lib/i18n/request-locale";
import { renderStored } from "@/lib/i18n/translate";
import { can } from "@/lib/permissions";
import { currentUser, resolveMembership } from "@/lib/session";

const LIMIT = 2000;
const notFound = () => NextResponse.json({ error: "Not found." }, { status: 404 });

/** A shell run's result as it is stored (lib/jobs/call/types.ts); the other types have no exit code. */
const ZShellResult = z.object({ exitCode: z.number().nullable().optional(), truncated: z.boolean().optional() });

/**
 * A job run's live state and output, in the work-order output route's shape: status, exit code,
 * times and the lines after `?after=<seq>`. The tenant comes only from the URL slug, checked
 * against the signed-in user's membership; non-members, members without `jobs.read` and unknown
 * ids (another tenant's included) get the same 404.
 */
export async function GET(request: Request, { params }: { params: Promise<{ tenant: string; runId: string }> }) {
  const { tenant: slug, runId } = await params;
  const user = await currentUser();
  if (!user) return NextResponse.json({ error: "Sign in first." }, { status: 401 });
  const membership = await resolveMembership(user.id, slug);
  if (!membership || !can(membership, "jobs.read") || !z.uuid().safeParse(runId).success) return notFound();
  const afterParam = new URL(request.url).searchParams.get("after");
  const after = afterParam && /^-?\d{1,9}$/.test(afterParam) ? Number(afterParam) : -1;

  const data = await withTenant({ tenantId: membership.id, userId: user.id }, async (tx) => {
    const run = await getRun(tx, runId);
    if (!run) return null;
    const lines = run.job.type === "shell" ? await runOutput(tx, runId, after, LIMIT) : [];
    return { run: run.run, type: run.job.type, lines };
  });
  if (!data) return notFound();
  const { run: r, lines } = data;
  const parsed = data.type === "shell" ? ZShellResult.safeParse(r.result) : null;
  const shell = parsed?.success ? parsed.data : null;
  return NextResponse.json(
    {
      status: r.status,
      exitCode: shell?.exitCode ?? null,
      error: r.error ? renderStored(await requestLocale(), r.error) : null,
      queuedAt: r.createdAt.toISOString(),
      startedAt: r.startedAt?.toISOString() ?? null,
      finishedAt: r.finishedAt?.toISOString() ?? null,
      truncated: shell?.truncated ?? false,
      cancelRequested: r.cancelRequestedAt !== null,
      more: lines.length === LIMIT,
      lines,
    },
    { headers: { "cache-control": "no-store" } },
  );
}
