import "server-only";
import type { LinkOrderView } from "@/lib/approvals/approval-links";
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
 * subject and greeting; the order details and links always follow.
 */
export function approvalEmail(
  to: string,
  order: Omit<LinkOrderView, "action">,
  links: { approve: string; reject: string },
  intro?: { subject: string; body: string },
): Mail {
  const subject = intro?.subject ?? `[${order.tenantName}] Approval needed: #${order.orderNumber} ${order.title}`;
  const greeting = intro
    ? intro.body.split(/\n{2,}/)
    : [`Hello ${order.approverName},`, `${order.requesterName} asks for your approval in ${order.tenantName}.`];
  const expires = order.expiresAt.toISOString().replace("T", " ").slice(0, 16);
  const rows: [string, string][] = [
    ["Order", `#${order.orderNumber} ${order.title}`],
    ["Template", order.templateName],
    ["Requested by", order.requesterName],
    ["Environment", order.environment],
    ...(order.levelName ? ([["Approval level", order.levelName]] as [string, string][]) : []),
  ];
  const text = [
    ...greeting.flatMap((p) => [p, ""]),
    ...rows.map(([k, v]) => `${k}: ${v}`),
    "",
    "Command:",
    `  ${order.commandPreview.split("\n").join("\n  ")}`,
    "",
    "Variables:",
    ...(order.variables.length ? order.variables.map((v) => `  ${v.label}: ${v.value}`) : ["  (none)"]),
    "",
    `Approve: ${links.approve}`,
    `Reject:  ${links.reject}`,
    "",
    `Each link asks you to confirm before anything changes. The links are for you only, work once and expire on ${expires} UTC.`,
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
<p style="margin-bottom:4px"><strong>Command</strong></p>
<pre style="background:#f4f4f5;padding:10px;border-radius:6px;white-space:pre-wrap;font-size:13px">${e(order.commandPreview)}</pre>
<p style="margin-bottom:4px"><strong>Variables</strong></p>
${
  order.variables.length
    ? `<ul style="margin-top:0">${order.variables.map((v) => `<li>${e(v.label)}: <code>${e(v.value)}</code></li>`).join("")}</ul>`
    : '<p style="margin-top:0">(none)</p>'
}
<p>${button(links.approve, "Approve", "#4f46e5")}${button(links.reject, "Reject", "#dc2626")}</p>
<p style="font-size:12px;color:#71717a">Each link asks you to confirm before anything changes. The links are for you only, work once and expire on ${e(expires)} UTC.</p>
</body></html>`;
  return { to, subject, text, html };
}
