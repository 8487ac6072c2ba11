// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${var} is the notification templates' placeholder syntax.
import { describe, expect, test } from "vitest";
import {
  CHANNEL_KINDS,
  defaultTemplate,
  IM_KINDS,
  type MessageTemplate,
  NOTIFY_EVENT_NAMES,
  renderTemplate,
  renderText,
  resolveTemplate,
  TEMPLATE_TARGETS,
  TEMPLATE_VARS,
  type TemplateTarget,
  unknownVariables,
} from "@/lib/notifications/catalog";

describe("notification templates", () => {
  test("unknown ${names} are listed once each, in order; known ones and plain $ text pass", () => {
    expect(unknownVariables("Hi ${userName}, ${ordr} ${ ordr } ${x} costs $5 {y}")).toEqual(["ordr", "x"]);
    expect(unknownVariables("${orderTitle} ${link}")).toEqual([]);
  });

  test("rendering fills known variables and leaves unknown ones visible", () => {
    expect(renderText("${userName}: ${orderTitle} ${nope}", { userName: "Ada", orderTitle: "Ship" })).toBe(
      "Ada: Ship ${nope}",
    );
    expect(renderText("[${reason}]", {})).toBe("[]");
  });

  test("every built-in template uses only known variables and renders with no placeholder left", () => {
    for (const event of NOTIFY_EVENT_NAMES) {
      for (const target of TEMPLATE_TARGETS) {
        const t = defaultTemplate(event, target);
        expect(unknownVariables(t.subject + t.body)).toEqual([]);
        expect(renderText(t.subject + t.body, TEMPLATE_VARS)).not.toContain("${");
      }
    }
  });
});

describe("which template a channel gets", () => {
  const event = "work-order/approved";
  const own = (target: TemplateTarget): MessageTemplate => ({ subject: `${target} subject`, body: `${target} body` });
  const tenantWith = (...targets: TemplateTarget[]) => new Map(targets.map((t) => [t, own(t)]));
  const from = (kind: (typeof CHANNEL_KINDS)[number], overrides: Map<TemplateTarget, MessageTemplate>) =>
    resolveTemplate(event, kind, overrides).from;

  test("with nothing of the tenant's, every kind gets the built-in wording of its format", () => {
    for (const kind of CHANNEL_KINDS) {
      const { template, from } = resolveTemplate(event, kind, new Map());
      expect(from).toBe("default");
      expect(template).toEqual(defaultTemplate(event, kind === "email" || kind === "in_app" ? kind : "im"));
    }
    expect(resolveTemplate(event, "slack", new Map()).template).toEqual(
      resolveTemplate(event, "dingtalk", new Map()).template,
    );
  });

  test("the tenant's IM text reaches every IM kind, and neither email nor in-app", () => {
    const overrides = tenantWith("im");
    for (const kind of IM_KINDS) expect(from(kind, overrides)).toBe("im");
    expect(from("email", overrides)).toBe("default");
    expect(from("in_app", overrides)).toBe("default");
  });

  test("a kind's own text overrides the IM text for that kind only", () => {
    const overrides = tenantWith("im", "slack");
    expect(resolveTemplate(event, "slack", overrides).template).toEqual(own("slack"));
    for (const kind of IM_KINDS.filter((k) => k !== "slack")) expect(from(kind, overrides)).toBe("im");
    // Without the shared IM text, the other kinds fall back to the built-in one, not to Slack's.
    const slackOnly = tenantWith("slack");
    expect(from("slack", slackOnly)).toBe("slack");
    expect(from("dingtalk", slackOnly)).toBe("default");
    expect(from("webhook", slackOnly)).toBe("default");
  });

  test("email and in-app take only their own text", () => {
    const overrides = tenantWith("email", "in_app", "im", "webhook");
    expect(from("email", overrides)).toBe("email");
    expect(from("in_app", overrides)).toBe("in_app");
    expect(from("webhook", overrides)).toBe("webhook");
    expect(from("wecom", overrides)).toBe("im");
  });

  test("whichever template words it, the values are escaped for the kind, the admin's markup kept", () => {
    const overrides = new Map<TemplateTarget, MessageTemplate>([
      ["slack", { subject: "*${orderTitle}*", body: "<${link}|open>" }],
      ["im", { subject: "**${orderTitle}**", body: "[open](${link})" }],
    ]);
    const vars = { orderTitle: "<!channel> *x*", link: "https://o.example/a" };
    expect(renderTemplate(resolveTemplate(event, "slack", overrides).template, vars, "slack")).toEqual({
      subject: "*&lt;!channel&gt; *x**",
      body: "<https://o.example/a|open>",
    });
    expect(renderTemplate(resolveTemplate(event, "dingtalk", overrides).template, vars, "dingtalk")).toEqual({
      subject: "**&lt;!channel&gt; \\*x\\***",
      body: "[open](https://o.example/a)",
    });
  });
});
