// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${var} is the notification templates' placeholder syntax.
import { describe, expect, test } from "vitest";
import { renderMessage, translator } from "@/lib/i18n/translate";
import {
  CHANNEL_KINDS,
  defaultTemplate,
  IM_KINDS,
  isJobEvent,
  type MessageTemplate,
  NOTIFY_EVENT_NAMES,
  renderTemplate,
  renderText,
  resolveTemplate,
  TEMPLATE_TARGETS,
  TEMPLATE_VARS,
  type TemplateOverride,
  type TemplateTarget,
  unknownVariables,
} from "@/lib/notifications/catalog";
import { ZSaveTemplate } from "@/lib/validation/notifications";
import { ZUpdateTenant } from "@/lib/validation/tenancy";

const en = translator("en");
const zh = translator("zh-CN");
const inEn = { locale: "en", tenantLocale: "en", t: en };

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
        for (const tr of [en, zh]) {
          const t = defaultTemplate(event, target, tr);
          expect(unknownVariables(t.subject + t.body)).toEqual([]);
          expect(t.subject + t.body).toContain(isJobEvent(event) ? "${jobName}" : "${orderNumber}");
          expect(renderText(t.subject + t.body, TEMPLATE_VARS)).not.toContain("${");
        }
      }
    }
  });
});

describe("which template a channel gets", () => {
  const event = "work-order/approved";
  const own = (target: TemplateTarget): MessageTemplate => ({ subject: `${target} subject`, body: `${target} body` });
  const tenantWith = (...targets: TemplateTarget[]): TemplateOverride[] =>
    targets.map((t) => ({ format: t, locale: null, ...own(t) }));
  const from = (kind: (typeof CHANNEL_KINDS)[number], overrides: TemplateOverride[]) =>
    resolveTemplate(event, kind, overrides, inEn).from;

  test("with nothing of the tenant's, every kind gets the built-in wording of its format", () => {
    for (const kind of CHANNEL_KINDS) {
      const { template, from } = resolveTemplate(event, kind, [], inEn);
      expect(from).toBe("default");
      expect(template).toEqual(defaultTemplate(event, kind === "email" || kind === "in_app" ? kind : "im", en));
    }
    expect(resolveTemplate(event, "slack", [], inEn).template).toEqual(
      resolveTemplate(event, "dingtalk", [], inEn).template,
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
    expect(resolveTemplate(event, "slack", overrides, inEn).template).toEqual(own("slack"));
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
    const overrides: TemplateOverride[] = [
      { format: "slack", locale: null, subject: "*${orderTitle}*", body: "<${link}|open>" },
      { format: "im", locale: null, subject: "**${orderTitle}**", body: "[open](${link})" },
    ];
    const vars = { orderTitle: "<!channel> *x*", link: "https://o.example/a" };
    expect(renderTemplate(resolveTemplate(event, "slack", overrides, inEn).template, vars, "slack")).toEqual({
      subject: "*&lt;!channel&gt; *x**",
      body: "<https://o.example/a|open>",
    });
    expect(renderTemplate(resolveTemplate(event, "dingtalk", overrides, inEn).template, vars, "dingtalk")).toEqual({
      subject: "**&lt;!channel&gt; \\*x\\***",
      body: "[open](https://o.example/a)",
    });
  });
});

describe("which language version a recipient gets", () => {
  const event = "work-order/approved";
  const version = (locale: string | null): TemplateOverride => ({
    format: "email",
    locale,
    subject: `${locale ?? "default"} subject`,
    body: `${locale ?? "default"} body`,
  });
  const pick = (overrides: TemplateOverride[], locale: string, tenantLocale: string) =>
    resolveTemplate(event, "email", overrides, { locale, tenantLocale, t: translator(locale) });

  test("the recipient's language first, then the tenant's default language, then the unlocalized one", () => {
    const all = [version(null), version("en"), version("zh-CN")];
    expect(pick(all, "zh-CN", "en").template.subject).toBe("zh-CN subject");
    expect(pick(all, "en", "zh-CN").template.subject).toBe("en subject");
    expect(pick([version(null), version("en")], "zh-CN", "en").template.subject).toBe("en subject");
    expect(pick([version(null), version("en")], "zh-CN", "zh-CN").template.subject).toBe("default subject");
  });

  test("with no version that fits, the built-in wording in the recipient's language", () => {
    const { template, from } = pick([version("zh-CN")], "en", "en");
    expect(from).toBe("default");
    expect(template.subject).toContain("Approved");
    expect(pick([], "zh-CN", "en").template.subject).toContain("已通过");
  });
});

describe("languages in the forms", () => {
  test("a tenant's default language is English or 简体中文, nothing else; absent leaves it as it is", () => {
    const base = { tenant: "acme", name: "Acme Ops", timeZone: "UTC" };
    expect(ZUpdateTenant.safeParse({ ...base, defaultLocale: "zh-CN" }).data?.defaultLocale).toBe("zh-CN");
    expect(ZUpdateTenant.safeParse(base).data?.defaultLocale).toBeUndefined();
    const refused = ZUpdateTenant.safeParse({ ...base, defaultLocale: "fr" });
    expect(refused.success).toBe(false);
    expect(renderMessage("en", refused.error?.issues[0]?.message ?? "")).toBe("Choose English or 简体中文.");
  });

  test("a template version is in one of our languages, or the default version (empty)", () => {
    const base = { tenant: "acme", event: "work-order/approved", format: "email", subject: "s", body: "b" };
    expect(ZSaveTemplate.parse({ ...base, locale: "zh-CN" }).locale).toBe("zh-CN");
    expect(ZSaveTemplate.parse({ ...base, locale: "" }).locale).toBeNull();
    expect(ZSaveTemplate.parse(base).locale).toBeNull();
    expect(ZSaveTemplate.safeParse({ ...base, locale: "de" }).success).toBe(false);
  });
});
