import "server-only";
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { templateOverridesOf, userContact } from "@/db/queries/notifications";
import { inAppNotifications, notificationChannels, tenants } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import { appUrl } from "@/lib/app-url";
import { audit } from "@/lib/audit";
import { decryptSecret } from "@/lib/crypto";
import { NotFoundError, SafeError } from "@/lib/errors";
import { sendMail } from "@/lib/mail/send-mail";
import { PrivateAddressError } from "@/lib/net/fetch-outbound";
import { type Actor, requirePermission } from "@/lib/tenants/actor";
import { type ChannelKind, renderTemplate, resolveTemplate, TEMPLATE_VARS } from "./catalog";
import { messageEmail } from "./deliver-notification";
import { ChannelError, type ChannelSecret, postToChannel } from "./post-to-channel";

/** The event a test message is a sample of. */
const SAMPLE_EVENT = "work-order/approved";

/**
 * "Send test": posts a sample message ("Order approved", worded as this channel's kind would get
 * it) through the channel now, addressed to the admin who clicked, and says plainly what the
 * channel answered. Nothing is retried or logged as a delivery.
 */
export async function testChannel(actor: Actor, input: { id: string }): Promise<{ message: string }> {
  requirePermission(actor, "channels.manage");
  const { channel, me, tenant, overrides } = await withTenant(actor, async (tx) => {
    const [channel] = await tx.select().from(notificationChannels).where(eq(notificationChannels.id, input.id));
    if (!channel) throw new NotFoundError("channel");
    const me = await userContact(tx, actor.userId);
    const [tenant] = await tx.select({ name: tenants.name, slug: tenants.slug }).from(tenants);
    const overrides = await templateOverridesOf(tx, SAMPLE_EVENT);
    await audit(tx, { action: "notification_channel.test", targetType: "notification_channel", targetId: channel.id });
    return { channel, me, tenant, overrides };
  });
  if (!me || !tenant) throw new NotFoundError("membership");
  const kind = channel.kind as ChannelKind;
  const link = appUrl(`/t/${tenant.slug}/notifications`);
  const sample = renderTemplate(
    resolveTemplate(SAMPLE_EVENT, kind, overrides).template,
    { ...TEMPLATE_VARS, userName: me.name, tenantName: tenant.name, link },
    kind,
  );
  const msg = {
    subject: `[Test] ${sample.subject}`,
    body: `This is a test of the "${channel.name}" channel.\n\n${sample.body}`,
    link,
  };
  try {
    if (kind === "in_app") {
      await withTenant(actor, (tx) =>
        tx
          .insert(inAppNotifications)
          .values({ userId: me.id, deliveryId: randomUUID(), title: msg.subject, body: msg.body, link }),
      );
      return { message: "A test notification is in your inbox." };
    }
    if (kind === "email") {
      await sendMail(actor.tenantId, messageEmail(me.email, msg));
      return { message: `A test email went to ${me.email}.` };
    }
    if (!channel.secret) throw new SafeError("Set the channel's URL first.");
    const secret = JSON.parse(decryptSecret(channel.secret)) as ChannelSecret;
    await postToChannel(kind, secret, {
      deliveryId: `test-${randomUUID()}`,
      event: "test",
      eventLabel: "Test",
      tenant: { id: actor.tenantId, name: tenant.name },
      recipient: me,
      ...msg,
    });
    return { message: "The channel accepted the test message." };
  } catch (error) {
    if (error instanceof SafeError) throw error;
    throw new SafeError(`The test failed: ${testFailure(error)}`);
  }
}

/** Plain words for a mail server's failure, by nodemailer's error code (its messages quote the server). */
const MAIL_FAILURES: Record<string, string> = {
  ECONNECTION: "the mail server could not be reached",
  ETIMEDOUT: "the mail server did not answer in time",
  ESOCKET: "the connection to the mail server failed",
  EDNS: "the mail server's name could not be looked up",
  EAUTH: "the mail server refused our sign-in",
  EENVELOPE: "the mail server refused the address",
  EMESSAGE: "the mail server refused the message",
};

/**
 * What the admin reads when a test fails: the channel's own answer (ChannelError, the private
 * network refusal) or a mail failure by its code — never another error's message, which may carry
 * a query, a path or a key's complaint. Those are logged for the operator instead.
 */
function testFailure(error: unknown): string {
  if (error instanceof ChannelError || error instanceof PrivateAddressError) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && MAIL_FAILURES[code]) return MAIL_FAILURES[code];
  console.error("[notifications] channel test failed", error);
  return "something on our side went wrong, so nothing was sent. The server log has the details.";
}
