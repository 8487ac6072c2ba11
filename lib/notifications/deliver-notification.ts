import "server-only";
import { and, eq, sql } from "drizzle-orm";
import {
  approvalTasks,
  type DeliveryAttempt,
  inAppNotifications,
  notificationChannels,
  notificationDeliveries,
  tenants,
  users,
} from "@/db/schema";
import { type Tx, withTenant } from "@/db/tenant";
import { env } from "@/env";
import { emailApprover } from "@/lib/approvals/email-approver";
import { decryptSecret } from "@/lib/crypto";
import { dispatch, enqueue, type Outbox } from "@/lib/events/publish";
import { msg } from "@/lib/i18n/message";
import { translator } from "@/lib/i18n/translate";
import { escapeHtml } from "@/lib/mail/approval-email";
import { sendMail } from "@/lib/mail/send-mail";
import { type ChannelKind, eventKey } from "./catalog";
import { type ChannelSecret, postToChannel } from "./post-to-channel";
import { planRetry, type RetryPlan } from "./retry-plan";

export type DeliveryOutcome = "sent" | "skipped" | "done-before";

/** Which attempt of its run this is (0 = the first), and whether the run continues an earlier one's retries. */
export type DeliveryRun = { attempt: number; continued: boolean };

/** A failed attempt, recorded in the log, with what follows it (the run retries, continues, or gives up). */
export class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly plan: RetryPlan,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DeliveryFailed";
  }
}

/**
 * The Message-ID of a delivery's email: the same on every attempt, so a receiver can drop the
 * copy an attempt cut short after the server accepted it sent again (delivery is at-least-once).
 */
export function deliveryMessageId(deliveryId: string): string {
  return `<delivery-${deliveryId}@${new URL(env.APP_URL).hostname}>`;
}

/** A plain message as an email: the body's paragraphs, the link as a button. */
export function messageEmail(
  to: string,
  message: { subject: string; body: string; link: string | null },
  locale?: string | null,
) {
  const paragraphs = message.body.split(/\n{2,}/);
  const html = `<!doctype html>
<html lang="${escapeHtml(locale ?? "en")}"><body style="font-family:system-ui,-apple-system,Segoe UI,sans-serif;color:#18181b;line-height:1.5">
${paragraphs.map((p) => `<p style="white-space:pre-wrap">${escapeHtml(p)}</p>`).join("\n")}
${message.link ? `<p><a href="${escapeHtml(message.link)}" style="display:inline-block;padding:8px 16px;border-radius:6px;background:#4f46e5;color:#fff;text-decoration:none">${escapeHtml(translator(locale)("notifications.open_in_opsdesk"))}</a></p>` : ""}
</body></html>`;
  return { to, subject: message.subject, text: message.body, html };
}

/**
 * One attempt at one logged delivery. The attempt is counted and logged as `sending` first, in its
 * own transaction, before anything leaves: a crash after the server took the message still shows
 * the attempt (delivery is at-least-once; an email's Message-ID is the same on every attempt, so
 * receivers can drop a repeat). Success marks the row sent in the same transaction as what the
 * send wrote (the mail log row). A failure records the error and when the next attempt is due
 * (`planRetry`: the backoff schedule; an approver's email while its task is pending is never
 * given up) and throws `DeliveryFailed` with that plan for the Inngest function to apply. In-app
 * deliveries send nothing outside the database, so counting, the inbox row and "sent" are one
 * transaction. A row already sent or skipped is left alone, so a replayed run sends nothing twice.
 */
export async function deliverNotification(
  input: { tenantId: string; deliveryId: string },
  run: DeliveryRun = { attempt: 0, continued: false },
): Promise<DeliveryOutcome> {
  const ctx = { tenantId: input.tenantId, userId: null };
  const d = notificationDeliveries;
  const loaded = await withTenant(ctx, async (tx) => {
    // One round trip: count the attempt and read the channel, the recipient and the tenant's name.
    const claimed = tx.$with("claimed").as(
      tx
        .update(d)
        .set({
          attempts: sql`${d.attempts} + 1`,
          attemptLog: sql`${d.attemptLog} || jsonb_build_array(jsonb_build_object(
            'startedAt', to_jsonb(now()), 'at', to_jsonb(now()), 'outcome', 'sending', 'detail', null))`,
          nextAttemptAt: null,
          updatedAt: sql`now()`,
        })
        .where(and(eq(d.id, input.deliveryId), eq(d.status, "pending")))
        .returning({
          id: d.id,
          event: d.event,
          data: d.data,
          subject: d.subject,
          body: d.body,
          locale: d.locale,
          link: d.link,
          channelId: d.channelId,
          recipientId: d.recipientId,
          tenantId: d.tenantId,
        }),
    );
    // Only what sending needs (never, say, the recipient's password hash).
    const [row] = await tx
      .with(claimed)
      .select({
        delivery: {
          id: claimed.id,
          event: claimed.event,
          data: claimed.data,
          subject: claimed.subject,
          body: claimed.body,
          locale: claimed.locale,
          link: claimed.link,
        },
        channel: {
          kind: notificationChannels.kind,
          enabled: notificationChannels.enabled,
          secret: notificationChannels.secret,
        },
        person: { id: users.id, name: users.name, email: users.email },
        tenantName: tenants.name,
      })
      .from(claimed)
      .leftJoin(notificationChannels, eq(notificationChannels.id, claimed.channelId))
      .leftJoin(users, eq(users.id, claimed.recipientId))
      .leftJoin(tenants, eq(tenants.id, claimed.tenantId));
    if (!row) return null;
    // In-app is only rows in this database: written and marked sent in this same transaction.
    if (row.channel?.kind === "in_app" && row.channel.enabled && row.person) {
      // Issued back to back (one write on PostgreSQL), in this order.
      const inbox = tx
        .insert(inAppNotifications)
        .values({
          userId: row.person.id,
          deliveryId: row.delivery.id,
          title: row.delivery.subject,
          body: row.delivery.body,
          link: row.delivery.link,
        })
        .onConflictDoNothing()
        .execute();
      await Promise.all([inbox, settle(tx, row.delivery.id, "sent").execute()]);
      return "sent" as const;
    }
    return row;
  });
  if (!loaded) return "done-before";
  if (loaded === "sent") return "sent";
  const { delivery: row, channel, person } = loaded;

  const markSent = (tx: Tx) => settle(tx, row.id, "sent");
  /** `note` is a `msg()` code (`notifications.skip_*`), shown in the reader's language by the delivery log. */
  const skip = async (note: string): Promise<DeliveryOutcome> => {
    await withTenant(ctx, (tx) => settle(tx, row.id, "skipped", note));
    return "skipped";
  };

  if (!person) return skip(msg("notifications.skip_recipient_gone"));
  if (!channel) return skip(msg("notifications.skip_channel_deleted"));
  const kind = channel.kind as ChannelKind;
  // The approver's email (its approve/reject links) goes out even with the Email channel off.
  const obligation = kind === "email" && row.event === "approval/requested";
  if (!channel.enabled && !obligation) return skip(msg("notifications.skip_channel_disabled"));
  try {
    if (obligation) {
      const data = row.data as { orderId: string; taskId: string; approverId: string };
      const result = await emailApprover(
        {
          tenantId: input.tenantId,
          orderId: data.orderId,
          taskId: data.taskId,
          approverId: data.approverId,
          messageId: deliveryMessageId(row.id),
        },
        { subject: row.subject, body: row.body, locale: row.locale },
        markSent,
      );
      if (!result.sent) return skip(msg("notifications.skip_approval_settled"));
    } else if (kind === "email") {
      await sendMail(
        input.tenantId,
        { ...messageEmail(person.email, row, row.locale), messageId: deliveryMessageId(row.id) },
        markSent,
      );
    } else {
      if (!channel.secret) throw new Error("notifications.no_url_configured");
      const secret = JSON.parse(decryptSecret(channel.secret)) as ChannelSecret;
      await postToChannel(kind, secret, {
        deliveryId: row.id,
        event: row.event,
        eventLabel: translator(row.locale)(`notifications.events.${eventKey(row.event)}`),
        tenant: { id: input.tenantId, name: loaded.tenantName ?? "" },
        recipient: person,
        subject: row.subject,
        body: row.body,
        link: row.link,
        locale: row.locale,
      });
      await withTenant(ctx, markSent);
    }
    return "sent";
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    const { plan, outbox } = await withTenant(ctx, async (tx) => {
      // An approver's email is owed while its task is pending: it is never given up.
      let owed = false;
      if (obligation) {
        const taskId = (row.data as { taskId: string }).taskId;
        const [task] = await tx
          .select({ status: approvalTasks.status })
          .from(approvalTasks)
          .where(eq(approvalTasks.id, taskId));
        owed = task?.status === "pending";
      }
      const plan = planRetry({ schedule: env.NOTIFY_RETRY_BACKOFF, ...run, owed });
      const update = tx
        .update(d)
        .set({
          lastError: message,
          attemptLog: ended("failed", message),
          nextAttemptAt:
            plan.kind === "fail" ? null : sql`now() + make_interval(secs => ${plan.delayMs / 1000}::float8)`,
          updatedAt: sql`now()`,
        })
        .where(eq(d.id, row.id))
        .execute();
      // Out of retries in this run: a fresh run, through the outbox (it exists only if this commits).
      const next: Promise<Outbox | null> =
        plan.kind === "continue"
          ? enqueue(tx, input.tenantId, [
              {
                name: "notification/deliver",
                data: { tenantId: input.tenantId, deliveryId: row.id, waitMs: plan.delayMs },
              },
            ])
          : Promise.resolve(null);
      const [, outbox] = await Promise.all([update, next]);
      return { plan, outbox };
    });
    if (outbox) dispatch(outbox);
    throw new DeliveryFailed(message, plan, { cause: error });
  }
}

/**
 * The delivery's attempt log with the current attempt ended: now, and how. The attempt was logged
 * as `sending` when it started; an entry is appended only if it was not (a log from before).
 */
function ended(outcome: Exclude<DeliveryAttempt["outcome"], "sending">, detail: string | null) {
  const log = notificationDeliveries.attemptLog;
  const end = sql`jsonb_build_object('at', to_jsonb(now()), 'outcome', ${outcome}::text, 'detail', ${detail}::text)`;
  return sql`case when ${log} -> (-1) ->> 'outcome' = 'sending'
    then jsonb_set(${log}, '{-1}', (${log} -> (-1)) || ${end})
    else ${log} || jsonb_build_array(${end}) end`;
}

/** Ends a pending delivery as sent or skipped (a row no longer pending is left as it is). */
function settle(tx: Tx, id: string, status: "sent" | "skipped", note: string | null = null) {
  const d = notificationDeliveries;
  return tx
    .update(d)
    .set({
      status,
      lastError: note,
      attemptLog: ended(status, note),
      updatedAt: sql`now()`,
      ...(status === "sent" ? { sentAt: sql`now()` } : {}),
    })
    .where(and(eq(d.id, id), eq(d.status, "pending")));
}

/** After the last attempt failed: the delivery ends as failed in the log (never silently dropped). */
export async function failDelivery(input: { tenantId: string; deliveryId: string }, error: string): Promise<void> {
  const d = notificationDeliveries;
  await withTenant({ tenantId: input.tenantId, userId: null }, (tx) =>
    tx
      .update(d)
      .set({
        status: "failed",
        lastError: sql`coalesce(${d.lastError}, ${error.slice(0, 1000)})`,
        nextAttemptAt: null,
        updatedAt: sql`now()`,
      })
      .where(and(eq(d.id, input.deliveryId), eq(d.status, "pending"))),
  );
}
