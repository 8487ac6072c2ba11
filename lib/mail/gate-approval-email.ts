import "server-only";
import type { LinkGateView } from "@/lib/approvals/gate-view";
import { dateTime } from "@/lib/format";
import { translator } from "@/lib/i18n/translate";
import { escapeHtml } from "./approval-email";
import type { Mail } from "./send-mail";

/**
 * A flow gate's approver email: the flow, the gate, who started the run and when, the run's page,
 * and the Approve / Reject links (each asks to confirm), in `locale` (the approver's; English when
 * unset), dates in the tenant's time zone. HTML and plain text.
 */
export function gateApprovalEmail(
  to: string,
  gate: Omit<LinkGateView, "action" | "locale">,
  links: { approve: string; reject: string },
  locale?: string | null,
): Mail {
  const t = translator(locale);
  const subject = t("approvals.email.gate_subject", {
    tenant: gate.tenantName,
    gate: gate.gateName,
    flow: gate.flowName,
  });
  const starter = gate.starterName ?? t("approvals.email.gate_schedule");
  const greeting = [
    t("approvals.email.hello", { name: gate.approverName }),
    t("approvals.email.gate_asks", { starter, flow: gate.flowName, tenant: gate.tenantName, gate: gate.gateName }),
  ];
  const rows: [string, string][] = [
    [t("approvals.email.flow"), gate.flowName],
    [t("approvals.email.gate"), gate.gateName],
    [t("approvals.email.started_by"), starter],
    [t("approvals.email.started_at"), dateTime(gate.startedAt, gate.timeZone)],
    [t("approvals.email.kind"), t(`approvals.kinds.${gate.kind}`)],
  ];
  const labels = { approve: t("approvals.email.approve"), reject: t("approvals.email.reject") };
  const footer = t("approvals.email.footer", { expires: dateTime(gate.expiresAt, gate.timeZone) });
  const openRun = t("approvals.email.open_run");
  const text = [
    ...greeting.flatMap((p) => [p, ""]),
    ...rows.map(([k, v]) => `${k}: ${v}`),
    `${openRun}: ${gate.runUrl}`,
    "",
    `${labels.approve}: ${links.approve}`,
    `${labels.reject}:  ${links.reject}`,
    "",
    footer,
  ].join("\n");

  const e = escapeHtml;
  const cell = "padding:4px 12px 4px 0;vertical-align:top";
  const button = (href: string, label: string, color: string) =>
    `<a href="${e(href)}" style="display:inline-block;padding:10px 18px;margin-right:8px;border-radius:6px;background:${color};color:#fff;text-decoration:none;font-weight:600">${e(label)}</a>`;
  const html = `<!doctype html>
<html lang="${e(locale ?? "en")}"><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#18181b;line-height:1.5">
${greeting.map((p) => `<p style="white-space:pre-wrap">${e(p)}</p>`).join("\n")}
<table style="border-collapse:collapse;font-size:14px">
${rows.map(([k, v]) => `<tr><th align="left" style="${cell};color:#52525b">${e(k)}</th><td style="${cell}">${e(v)}</td></tr>`).join("\n")}
</table>
<p><a href="${e(gate.runUrl)}">${e(openRun)}</a></p>
<p>${button(links.approve, labels.approve, "#4f46e5")}${button(links.reject, labels.reject, "#dc2626")}</p>
<p style="font-size:12px;color:#71717a">${e(footer)}</p>
</body></html>`;
  return { to, subject, text, html };
}
