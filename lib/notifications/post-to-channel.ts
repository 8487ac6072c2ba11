import "server-only";
import { createHmac } from "node:crypto";
import { translator } from "@/lib/i18n/translate";
import { fetchOutbound, type OutboundResponse, PrivateAddressError } from "@/lib/net/fetch-outbound";
import { connectionFailure, hostOf, seconds } from "@/lib/net/outbound-error";
import { type ChannelKind, escapeValue } from "./catalog";

/** What an URL channel stores encrypted: where to post and, for signed kinds, the signing secret. */
export type ChannelSecret = { url: string; signingSecret?: string };

export type OutgoingMessage = {
  deliveryId: string;
  event: string;
  eventLabel: string;
  tenant: { id: string; name: string };
  recipient: { id: string; name: string; email: string };
  subject: string;
  body: string;
  link: string | null;
  /** The language the message is in (its "Open in Opsdesk" link too); English when absent. */
  locale?: string;
};

/**
 * A channel's failure in words an admin can act on: no answer, not reachable (and why, from the
 * error code), or what the channel itself answered (its HTTP status and the start of its body, or
 * its own error code and message). Safe to show; nothing of this server is in it.
 */
export class ChannelError extends Error {
  override name = "ChannelError";
}

const TIMEOUT_MS = 10_000;
const MAX_ERROR_BODY = 300;

/** Builds the request each kind expects; `now` feeds the timestamps signatures cover. */
export function channelRequest(
  kind: ChannelKind,
  secret: ChannelSecret,
  msg: OutgoingMessage,
  now = Date.now(),
): { url: string; headers: Record<string, string>; body: string } {
  const json = (payload: unknown, headers: Record<string, string> = {}, url = secret.url) => ({
    url,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(payload),
  });
  // The subject and body come rendered for `kind` (their values escaped); the name is added here.
  const mention = `@${escapeValue(kind, msg.recipient.name)}`;
  const open = translator(msg.locale)("notifications.open_in_opsdesk");
  const text = `${msg.subject}\n${mention} ${msg.body}${msg.link ? `\n${msg.link}` : ""}`;
  switch (kind) {
    case "webhook": {
      const body = JSON.stringify({
        id: msg.deliveryId,
        event: msg.event,
        tenant: msg.tenant,
        recipient: msg.recipient,
        subject: msg.subject,
        text: msg.body,
        link: msg.link,
        /** The language subject and text are written in (the tenant's default language). */
        locale: msg.locale ?? "en",
        sentAt: new Date(now).toISOString(),
      });
      const headers: Record<string, string> = {
        "content-type": "application/json",
        "x-opsdesk-event": msg.event,
        "x-opsdesk-delivery": msg.deliveryId,
      };
      // Receivers verify with HMAC-SHA256 over "<timestamp>.<body>" (a replay needs a fresh signature).
      if (secret.signingSecret) {
        const ts = String(Math.floor(now / 1000));
        headers["x-opsdesk-timestamp"] = ts;
        headers["x-opsdesk-signature"] =
          `sha256=${createHmac("sha256", secret.signingSecret).update(`${ts}.${body}`).digest("hex")}`;
      }
      return { url: secret.url, headers, body };
    }
    case "slack":
      return json({
        text: `*${msg.subject}*\n${msg.body}${msg.link ? `\n<${msg.link}|${open}>` : ""}`,
      });
    case "dingtalk": {
      // DingTalk robot "加签": sign = base64(HMAC-SHA256(secret, "<ms timestamp>\n<secret>")) in the query.
      let url = secret.url;
      if (secret.signingSecret) {
        const ts = String(now);
        const sign = createHmac("sha256", secret.signingSecret)
          .update(`${ts}\n${secret.signingSecret}`)
          .digest("base64");
        url += `${url.includes("?") ? "&" : "?"}timestamp=${ts}&sign=${encodeURIComponent(sign)}`;
      }
      const md = `### ${msg.subject}\n\n${mention} ${msg.body}${msg.link ? `\n\n[${open}](${msg.link})` : ""}`;
      return json({ msgtype: "markdown", markdown: { title: msg.subject, text: md } }, {}, url);
    }
    case "feishu": {
      // Feishu bot signature: base64(HMAC-SHA256(key = "<s timestamp>\n<secret>", message = "")).
      const extra: Record<string, string> = {};
      if (secret.signingSecret) {
        const ts = String(Math.floor(now / 1000));
        extra.timestamp = ts;
        extra.sign = createHmac("sha256", `${ts}\n${secret.signingSecret}`).update("").digest("base64");
      }
      return json({ ...extra, msg_type: "text", content: { text } });
    }
    case "wecom":
      return json({
        msgtype: "markdown",
        markdown: {
          content: `**${msg.subject}**\n${mention} ${msg.body}${msg.link ? `\n[${open}](${msg.link})` : ""}`,
        },
      });
    default:
      throw new Error(`channel kind "${kind}" does not post to a URL`);
  }
}

/**
 * Posts one message to a webhook / IM channel. Throws a short, readable error on a network
 * failure, a timeout, a non-2xx answer, or a 200 whose body reports an error (DingTalk, WeCom and
 * Feishu answer 200 with `errcode`/`code` ≠ 0). Redirects are not followed, and a URL on a
 * private network is refused (see fetchOutbound) unless the operator allows those.
 */
export async function postToChannel(
  kind: ChannelKind,
  secret: ChannelSecret,
  msg: OutgoingMessage,
  now = Date.now(),
): Promise<void> {
  const req = channelRequest(kind, secret, msg, now);
  let res: OutboundResponse;
  try {
    res = await fetchOutbound(req.url, {
      method: "POST",
      headers: req.headers,
      body: req.body,
      timeoutMs: TIMEOUT_MS,
      maxBytes: 4096,
    });
  } catch (error) {
    if (error instanceof PrivateAddressError) throw error;
    if ((error as Error).name === "TimeoutError") {
      throw new ChannelError(`the channel did not answer within ${seconds(TIMEOUT_MS)}`);
    }
    throw new ChannelError(`could not reach the channel at ${hostOf(req.url)}: ${connectionFailure(error)}`);
  }
  const text = res.text;
  if (!res.ok) throw new ChannelError(`HTTP ${res.status}${text ? `: ${text.slice(0, MAX_ERROR_BODY)}` : ""}`);
  if (kind === "dingtalk" || kind === "wecom" || kind === "feishu") {
    let parsed: { errcode?: number; errmsg?: string; code?: number; msg?: string } | null = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    const code = parsed?.errcode ?? parsed?.code;
    if (typeof code === "number" && code !== 0) {
      throw new ChannelError(
        `the channel refused the message (${code}): ${parsed?.errmsg ?? parsed?.msg ?? text}`.slice(0, 400),
      );
    }
  }
}
