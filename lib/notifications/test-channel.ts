import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { templateOverridesOf, userContact } from "@/db/queries/notifications";
import { inAppNotifications, notificationChannels, tenants, users } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { appUrl } from "@/lib/app-url";
import { audit } from "@/lib/audit";
import { decryptSecret } from "@/lib/crypto";
import { NotFoundError, SafeError } from "@/lib/errors";
import { preferredLocale } from "@/lib/i18n/locales";
import { msgKey } from "@/lib/i18n/message";
import { translator } from "@/lib/i18n/translate";
import { sendMail } from "@/lib/mail/send-mail";
import { PrivateAddressError } from "@/lib/net/fetch-outbound";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import { type ChannelKind, eventKey, renderTemplate, resolveTemplate, TEMPLATE_VARS } from "./catalog";
import { messageEmail } from "./deliver-notification";
import { ChannelError, type ChannelSecret, postToChannel } from "./post-to-channel";

/** The event a test message is a sample of. */
const SAMPLE_EVENT = "work-order/approved";

/**
 * "Send test": posts a sample message ("Order approved", worded as this channel's kind would get
 * it) through the channel now, addressed to the admin who clicked, and says plainly what the
 * channel answered. Nothing is retried or logged as a delivery.
 */
export async function testChannel(
  actor: Actor,
  input: { id: string },
): Promise<{
  key: "in_app_sent" | "email_sent" | "channel_accepted";
  params: Record<string, string>;
  message: string;
}> {
  requirePermission(actor, "channels.manage");
  const { channel, me, myLocale, tenant, overrides } = await withTenant(actor, async (tx) => {
    const [channel] = await tx.select().from(notificationChannels).where(eq(notificationChannels.id, input.id));
    if (!channel) throw new NotFoundError("channel");
    const me = await userContact(tx, actor.userId);
    const [mine] = await tx.select({ locale: users.locale }).from(users).where(eq(users.id, actor.userId));
    const [tenant] = await tx
      .select({ name: tenants.name, slug: tenants.slug, defaultLocale: tenants.defaultLocale })
      .from(tenants);
    const overrides = await templateOverridesOf(tx, SAMPLE_EVENT);
    await audit(tx, { action: "notification_channel.test", targetType: "notification_channel", targetId: channel.id });
    return { channel, me, myLocale: mine?.locale, tenant, overrides };
  });
  if (!me || !tenant) throw new NotFoundError("membership");
  const kind = channel.kind as ChannelKind;
  const link = appUrl(`/t/${tenant.slug}/notifications`);
  // As a real delivery would read: email and in-app in the admin's language, a channel in the tenant's.
  const tenantLocale = preferredLocale(tenant.defaultLocale);
  const locale = kind === "email" || kind === "in_app" ? preferredLocale(myLocale, tenantLocale) : tenantLocale;
  const t = translator(locale);
  const sample = renderTemplate(
    resolveTemplate(SAMPLE_EVENT, kind, overrides, { locale, tenantLocale, t }).template,
    {
      ...TEMPLATE_VARS,
      event: t(`notifications.events.${eventKey(SAMPLE_EVENT)}`),
      status: t("notifications.order_status.approved"),
      userName: me.name,
      tenantName: tenant.name,
      link,
    },
    kind,
  );
  const msg = {
    subject: t("notifications.test.subject", { subject: sample.subject }),
    body: t("notifications.test.body", { channel: channel.name, body: sample.body }),
    link,
  };
  const answer = (key: "in_app_sent" | "email_sent" | "channel_accepted", params: Record<string, string> = {}) => ({
    key,
    params,
    message: translator("en")(`notifications.test.${key}`, params),
  });
  try {
    if (kind === "in_app") {
      await withTenant(actor, (tx) =>
        tx
          .insert(inAppNotifications)
          .values({ userId: me.id, deliveryId: randomUUID(), title: msg.subject, body: msg.body, link }),
      );
      return answer("in_app_sent");
    }
    if (kind === "email") {
      await sendMail(actor.tenantId, messageEmail(me.email, msg, locale));
      return answer("email_sent", { email: me.email });
    }
    if (!channel.secret) throw new SafeError("notifications.no_url");
    const secret = JSON.parse(decryptSecret(channel.secret)) as ChannelSecret;
    await postToChannel(kind, secret, {
      deliveryId: `test-${randomUUID()}`,
      event: "test",
      eventLabel: t("notifications.test.event"),
      tenant: { id: actor.tenantId, name: tenant.name },
      recipient: me,
      ...msg,
      locale,
    });
    return answer("channel_accepted");
  } catch (error) {
    if (error instanceof SafeError) throw error;
    throw new SafeError("notifications.test_failed", { params: { reason: testFailure(error) } });
  }
}

/** Nodemailer's error codes with plain words (`notifications.errors.mail_<code>`; its messages quote the server). */
const MAIL_FAILURES = new Set(["ECONNECTION", "ETIMEDOUT", "ESOCKET", "EDNS", "EAUTH", "EENVELOPE", "EMESSAGE"]);

/**
 * What the admin reads when a test fails: the channel's own answer (ChannelError, the private
 * network refusal) or a mail failure by its code — never another error's message, which may carry
 * a query, a path or a key's complaint. Those are logged for the operator instead.
 */
function testFailure(error: unknown): string {
  if (error instanceof ChannelError || error instanceof PrivateAddressError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && MAIL_FAILURES.has(code))
    return msgKey(`notifications.errors.mail_${code.toLowerCase()}`);
  console.error("[notifications] channel test failed", error);
  return msgKey("notifications.errors.test_internal");
}
