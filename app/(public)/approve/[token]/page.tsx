import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { loadApprovalLink } from "@/lib/approvals/approval-links";
import { ConfirmForm } from "./page-client";

// The token is a credential: keep it out of search indexes and Referer headers.
export const metadata: Metadata = {
  title: "Approval",
  robots: { index: false, follow: false },
  referrer: "no-referrer",
};

/**
 * An emailed approve/reject link. No session needed. Rendering (GET) only reads — mail scanners
 * pre-fetch links — and the decision happens only on the confirm form's POST.
 */
export default async function ApproveByLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const view = await loadApprovalLink(token);
  return (
    <main className="flex min-h-screen items-start justify-center px-4 py-12">
      <div className="w-full max-w-xl">
        <p className="mb-6 text-center text-2xl font-semibold tracking-tight">
          <span className="text-indigo-600">Ops</span>desk
        </p>
        {view.ok ? (
          <Card className="space-y-5 p-6">
            <div>
              <h1 className="text-lg font-semibold" data-testid="link-heading">
                {view.order.action === "approve" ? "Approve" : "Reject"} order #{view.order.orderNumber}?
              </h1>
              <p className="text-sm text-zinc-500">
                {view.order.tenantName} · for {view.order.approverName}
                {view.order.levelName ? ` · ${view.order.levelName}` : ""}
              </p>
            </div>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-zinc-500">Order</dt>
              <dd>{view.order.title}</dd>
              <dt className="text-zinc-500">Template</dt>
              <dd>{view.order.templateName}</dd>
              <dt className="text-zinc-500">Requested by</dt>
              <dd>{view.order.requesterName}</dd>
              <dt className="text-zinc-500">Environment</dt>
              <dd>{view.order.environment}</dd>
              {view.order.variables.map((v) => (
                <div key={v.label} className="contents">
                  <dt className="text-zinc-500">{v.label}</dt>
                  <dd className="font-mono">{v.value}</dd>
                </div>
              ))}
            </dl>
            <pre
              data-testid="link-command"
              className="whitespace-pre-wrap rounded-md bg-zinc-100 p-3 font-mono text-xs text-zinc-800"
            >
              {view.order.commandPreview}
            </pre>
            <ConfirmForm token={token} action={view.order.action} />
          </Card>
        ) : (
          <Card className="p-6" data-testid="link-dead">
            <h1 className="text-lg font-semibold">
              {view.dead.state === "expired"
                ? "This link has expired"
                : view.dead.state === "invalid"
                  ? "This link is not valid"
                  : "Nothing left to decide"}
            </h1>
            <p className="mt-2 text-sm text-zinc-600" role="alert">
              {view.dead.message}
            </p>
          </Card>
        )}
      </div>
    </main>
  );
}
