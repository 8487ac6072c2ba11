// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${var} is the notification templates' placeholder syntax.
import { createHmac } from "node:crypto";
import { describe, expect, test } from "vitest";
import { translator } from "@/lib/i18n/translate";
import {
  type ChannelKind,
  defaultTemplate,
  formatOf,
  type MessageTemplate,
  renderTemplate,
  TEMPLATE_VARS,
} from "@/lib/notifications/catalog";
import { channelRequest, type OutgoingMessage } from "@/lib/notifications/post-to-channel";

const msg: OutgoingMessage = {
  deliveryId: "d-1",
  event: "work-order/approved",
  eventLabel: "Order approved",
  tenant: { id: "t-1", name: "Acme" },
  recipient: { id: "u-1", name: "Ada", email: "ada@x.dev" },
  subject: "Approved: #7 Ship web",
  body: "Hello Ada, #7 Ship web was approved.",
  link: "http://h/t/acme/work-orders/o-1",
};
const NOW = Date.UTC(2030, 0, 2, 3, 4, 5, 678);

describe("what each channel kind is sent", () => {
  test("webhook: the JSON event, signed over '<timestamp>.<body>' when a secret is set", () => {
    const req = channelRequest("webhook", { url: "http://h/hook", signingSecret: "k" }, msg, NOW);
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({ id: "d-1", event: "work-order/approved", subject: msg.subject, link: msg.link });
    expect(req.headers["x-opsdesk-timestamp"]).toBe(String(Math.floor(NOW / 1000)));
    const mac = createHmac("sha256", "k")
      .update(`${Math.floor(NOW / 1000)}.${req.body}`)
      .digest("hex");
    expect(req.headers["x-opsdesk-signature"]).toBe(`sha256=${mac}`);
    const unsigned = channelRequest("webhook", { url: "http://h/hook" }, msg, NOW);
    expect(unsigned.headers["x-opsdesk-signature"]).toBeUndefined();
  });

  test("DingTalk: markdown, and the robot's sign (ms timestamp, HMAC of 'ts\\nsecret') in the query", () => {
    const url = "https://oapi.dingtalk.com/robot/send?access_token=abc";
    const req = channelRequest("dingtalk", { url, signingSecret: "SEC1" }, msg, NOW);
    const u = new URL(req.url);
    expect(u.searchParams.get("access_token")).toBe("abc");
    expect(u.searchParams.get("timestamp")).toBe(String(NOW));
    const sign = createHmac("sha256", "SEC1").update(`${NOW}\nSEC1`).digest("base64");
    expect(u.searchParams.get("sign")).toBe(sign);
    expect(JSON.parse(req.body)).toMatchObject({ msgtype: "markdown", markdown: { title: msg.subject } });
    expect(JSON.parse(req.body).markdown.text).toContain("@Ada");
  });

  test("Feishu: text, with timestamp (s) and sign = HMAC keyed by 'ts\\nsecret' over nothing", () => {
    const req = channelRequest(
      "feishu",
      { url: "https://open.feishu.cn/open-apis/bot/v2/hook/x", signingSecret: "S" },
      msg,
      NOW,
    );
    const body = JSON.parse(req.body);
    const ts = String(Math.floor(NOW / 1000));
    expect(body).toMatchObject({ msg_type: "text", timestamp: ts });
    expect(body.sign).toBe(createHmac("sha256", `${ts}\nS`).update("").digest("base64"));
    expect(body.content.text).toContain(msg.link);
  });

  test("Slack and WeCom: their markdown shapes with the link", () => {
    const slack = JSON.parse(channelRequest("slack", { url: "https://hooks.slack.com/x" }, msg, NOW).body);
    expect(slack.text).toBe(`*${msg.subject}*\n${msg.body}\n<${msg.link}|Open in Opsdesk>`);
    const wecom = JSON.parse(channelRequest("wecom", { url: "https://qyapi.weixin.qq.com/x" }, msg, NOW).body);
    expect(wecom).toMatchObject({ msgtype: "markdown" });
    expect(wecom.markdown.content).toContain(`[Open in Opsdesk](${msg.link})`);
    expect(() => channelRequest("email", { url: "" }, msg, NOW)).toThrow("does not post to a URL");
  });
});

describe("what a requester writes cannot ping, link or format in a channel", () => {
  const title =
    '<!channel> <https://evil.example|Approve> [Approve](https://evil.example) **now** <at user_id="all"></at>';
  const hostileName = '<at user_id="all"></at> [me](https://evil.example)';
  /** An order titled `title` for a member named `hostileName`, as posted to `kind` (the payload's text). */
  function posted(kind: ChannelKind, template?: MessageTemplate): string {
    const rendered = renderTemplate(
      template ?? defaultTemplate("approval/requested", formatOf(kind), translator("en")),
      { ...TEMPLATE_VARS, orderTitle: title, requesterName: hostileName, link: "https://opsdesk.example/t/acme/o/1" },
      kind,
    );
    const req = channelRequest(
      kind,
      { url: "https://bot.example/hook" },
      {
        ...msg,
        ...rendered,
        link: "https://opsdesk.example/t/acme/o/1",
        recipient: { ...msg.recipient, name: hostileName },
      },
      NOW,
    );
    const body = JSON.parse(req.body);
    return body.text ?? body.markdown?.text ?? body.markdown?.content ?? body.content?.text;
  }

  test("Slack: no <!channel>, no disguised <url|label> link; & < > escaped as Slack documents", () => {
    const text = posted("slack");
    expect(text).not.toContain("<!channel>");
    expect(text).not.toContain("<https://evil.example");
    expect(text).toContain("&lt;!channel&gt; &lt;https://evil.example|Approve&gt;");
    // Only our own link is a link.
    expect(text.match(/</g)).toHaveLength(1);
    expect(text).toContain("<https://opsdesk.example/t/acme/o/1|Open in Opsdesk>");
    expect(posted("slack", { subject: "x", body: "Tom & Jerry: ${orderTitle}" })).toContain(
      "Tom & Jerry: &lt;!channel&gt;",
    );
  });

  for (const kind of ["dingtalk", "wecom"] as const) {
    test(`${kind}: markdown links, emphasis and tags in values are shown as written, not rendered`, () => {
      const text = posted(kind);
      expect(text).not.toContain("[Approve](https://evil.example)");
      expect(text).not.toContain("[me](");
      expect(text).not.toContain("**now**");
      expect(text).not.toMatch(/<(at|!channel|https)/);
      expect(text).toContain("\\[Approve\\](https://evil.example) \\*\\*now\\*\\*");
      expect(text).toContain('&lt;at user\\_id="all"&gt;&lt;/at&gt;');
      // The only link is ours.
      expect(text.match(/(?<!\\)\]\(/g)).toHaveLength(1);
      // The admin's own template text keeps its markdown; only the values are escaped.
      expect(posted(kind, { subject: "x", body: "**${orderNumber}** [details](${link}) _${orderTitle}_" })).toContain(
        "**42** [details](https://opsdesk.example/t/acme/o/1) _&lt;!channel&gt;",
      );
    });
  }

  test('Feishu: no <at user_id="all"> tag and no [label](url) link from a value or a name', () => {
    const text = posted("feishu");
    expect(text).not.toContain("<at");
    expect(text).not.toContain("[Approve](https://evil.example)");
    expect(text).not.toContain("[me](");
    expect(text).toContain('&lt;at user\\_id="all"&gt;');
  });

  test("webhook: JSON carries the values as written (nothing to escape)", () => {
    const rendered = renderTemplate(
      defaultTemplate("approval/requested", "im", translator("en")),
      { orderTitle: title },
      "webhook",
    );
    const body = JSON.parse(channelRequest("webhook", { url: "http://h/hook" }, { ...msg, ...rendered }, NOW).body);
    expect(body.subject).toContain(title);
    expect(body.text).toContain(title);
  });
});
