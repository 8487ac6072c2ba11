import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { loadApprovalLink } from "@/lib/approvals/approval-links";
import { dateTime } from "@/lib/format";
import { renderMessage } from "@/lib/i18n/translate";
import { LinkDecision } from "./page-client";

// The token is a credential: keep it out of search indexes and Referer headers.
export async function generateMetadata(): Promise<Metadata> {
  return {
    title: (await getTranslations("approvals.link"))("title"),
    robots: { index: false, follow: false },
    referrer: "no-referrer",
  };
}

/**
 * An emailed approve/reject link. No session needed. Rendering (GET) only reads — mail scanners
 * pre-fetch links — and the decision happens only on the confirm form's POST.
 *
 * The page speaks its recipient's language: on this route the request's locale is the link's
 * approver's (users.locale), else the reader's own (lib/i18n/request-locale.ts), so the root
 * layout's `<html lang>` and the client messages follow it too.
 *
 * A link whose subject was decided, timed out, withdrawn or cancelled shows why, read-only: never
 * the approve / reject form (AWX #13465 kept showing the buttons on timed-out approvals).
 */
export default async function ApproveByLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const view = await loadApprovalLink(token);
  const t = await getTranslations("approvals");
  const locale = await getLocale();
  return (
    <main className="flex min-h-screen items-start justify-center px-4 py-12">
      <div className="w-full max-w-xl">
        <p className="mb-6 text-center text-2xl font-semibold tracking-tight">
          <span className="text-indigo-600">{"Ops"}</span>
          {"desk"}
        </p>
        {view.ok && view.gate ? (
          <Card className="space-y-5 p-6">
            <LinkDecision
              token={token}
              action={view.gate.action}
              noun="gate"
              heading={t("link_page.gate_heading", { action: view.gate.action, gate: view.gate.gateName })}
              doneHeading={t("link.gate_done_heading", {
                decision: view.gate.action === "reject" ? "rejected" : "approved",
                gate: view.gate.gateName,
              })}
              subtitle={t("link.for", { tenant: view.gate.tenantName, approver: view.gate.approverName })}
            >
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm" data-testid="link-gate">
                <dt className="text-zinc-500">{t("email.flow")}</dt>
                <dd>{view.gate.flowName}</dd>
                <dt className="text-zinc-500">{t("email.gate")}</dt>
                <dd>{view.gate.gateName}</dd>
                <dt className="text-zinc-500">{t("email.started_by")}</dt>
                <dd>{view.gate.starterName ?? t("email.gate_schedule")}</dd>
                <dt className="text-zinc-500">{t("email.started_at")}</dt>
                <dd>{dateTime(view.gate.startedAt, view.gate.timeZone)}</dd>
                <dt className="text-zinc-500">{t("email.kind")}</dt>
                <dd>{t(`kinds.${view.gate.kind}`)}</dd>
              </dl>
            </LinkDecision>
          </Card>
        ) : view.ok && view.order ? (
          <Card className="space-y-5 p-6">
            <LinkDecision
              token={token}
              action={view.order.action}
              noun="order"
              heading={t("link_page.heading", { action: view.order.action, number: view.order.orderNumber })}
              doneHeading={t("link.done_heading", {
                decision: view.order.action === "reject" ? "rejected" : "approved",
                number: view.order.orderNumber,
              })}
              subtitle={[
                t("link.for", { tenant: view.order.tenantName, approver: view.order.approverName }),
                view.order.levelName ? ` · ${view.order.levelName}` : "",
              ].join("")}
            >
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
                <dt className="text-zinc-500">{t("email.order")}</dt>
                <dd>{view.order.title}</dd>
                <dt className="text-zinc-500">{t("email.template")}</dt>
                <dd>{view.order.templateName}</dd>
                <dt className="text-zinc-500">{t("email.requested_by")}</dt>
                <dd>{view.order.requesterName}</dd>
                <dt className="text-zinc-500">{t("email.environment")}</dt>
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
            </LinkDecision>
          </Card>
        ) : (
          <Card className="p-6" data-testid="link-dead">
            <h1 className="text-lg font-semibold">
              {view.dead.state === "expired"
                ? t("link.dead_expired")
                : view.dead.state === "invalid"
                  ? t("link.dead_invalid")
                  : t("link.dead_closed")}
            </h1>
            <p className="mt-2 text-sm text-zinc-600" role="alert">
              {renderMessage(locale, view.dead.code, view.dead.params)}
            </p>
          </Card>
        )}
      </div>
    </main>
  );
}
