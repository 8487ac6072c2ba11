import "server-only";
import type { LinkOrderView } from "@/lib/approvals/approval-links";
import { dateTime } from "@/lib/format";
import { translator } from "@/lib/i18n/translate";
import type { Mail } from "./send-mail";

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/**
 * The approver's email: the order, requester, environment, the command preview (internal values
 * already masked), the chosen variables and the Approve / Reject links. HTML and plain text.
 * `intro` (the tenant's "approval requested" email template, rendered) replaces the default
 * subject and greeting; the order details and links always follow. Written in `locale` (the
 * recipient's; English when unset), with the expiry in the tenant's time zone.
 */
export function approvalEmail(
  to: string,
  order: Omit<LinkOrderView, "action" | "locale">,
  links: { approve: string; reject: string },
  intro?: { subject: string; body: string },
  locale?: string | null,
): Mail {
  const t = translator(locale);
  const subject =
    intro?.subject ??
    t("approvals.email.subject", { tenant: order.tenantName, number: String(order.orderNumber), title: order.title });
  const greeting = intro
    ? intro.body.split(/\n{2,}/)
    : [
        t("approvals.email.hello", { name: order.approverName }),
        t("approvals.email.asks", { requester: order.requesterName, tenant: order.tenantName }),
      ];
  const expires = dateTime(order.expiresAt, order.timeZone);
  const rows: [string, string][] = [
    [t("approvals.email.order"), `#${order.orderNumber} ${order.title}`],
    [t("approvals.email.template"), order.templateName],
    [t("approvals.email.requested_by"), order.requesterName],
    [t("approvals.email.environment"), order.environment],
    ...(order.levelName ? ([[t("approvals.email.level"), order.levelName]] as [string, string][]) : []),
  ];
  const labels = { approve: t("approvals.email.approve"), reject: t("approvals.email.reject") };
  const none = t("approvals.email.none");
  const footer = t("approvals.email.footer", { expires });
  const text = [
    ...greeting.flatMap((p) => [p, ""]),
    ...rows.map(([k, v]) => `${k}: ${v}`),
    "",
    `${t("approvals.email.command")}:`,
    `  ${order.commandPreview.split("\n").join("\n  ")}`,
    "",
    `${t("approvals.email.variables")}:`,
    ...(order.variables.length ? order.variables.map((v) => `  ${v.label}: ${v.value}`) : [`  ${none}`]),
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
<html><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#18181b;line-height:1.5">
${greeting.map((p) => `<p style="white-space:pre-wrap">${e(p)}</p>`).join("\n")}
<table style="border-collapse:collapse;font-size:14px">
${rows.map(([k, v]) => `<tr><th align="left" style="${cell};color:#52525b">${e(k)}</th><td style="${cell}">${e(v)}</td></tr>`).join("\n")}
</table>
<p style="margin-bottom:4px"><strong>${e(t("approvals.email.command"))}</strong></p>
<pre style="background:#f4f4f5;padding:10px;border-radius:6px;white-space:pre-wrap;font-size:13px">${e(order.commandPreview)}</pre>
<p style="margin-bottom:4px"><strong>${e(t("approvals.email.variables"))}</strong></p>
${
  order.variables.length
    ? `<ul style="margin-top:0">${order.variables.map((v) => `<li>${e(v.label)}: <code>${e(v.value)}</code></li>`).join("")}</ul>`
    : `<p style="margin-top:0">${e(none)}</p>`
}
<p>${button(links.approve, labels.approve, "#4f46e5")}${button(links.reject, labels.reject, "#dc2626")}</p>
<p style="font-size:12px;color:#71717a">${e(footer)}</p>
</body></html>`;
  return { to, subject, text, html };
}
