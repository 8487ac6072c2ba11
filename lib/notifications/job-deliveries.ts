import "server-only";
import { and, eq, inArray, or } from "drizzle-orm";
import { templateOverridesOf } from "@/db/queries/notifications";
import { jobRuns, jobs, memberships, notificationChannels, users } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { appUrl } from "@/lib/app-url";
import { type Locale, preferredLocale } from "@/lib/i18n/locales";
import { renderStored, translator } from "@/lib/i18n/translate";
import { withoutServerPaths } from "@/lib/runs/shown-error";
import { type ChannelKind, eventKey, preferenceGroup, type TemplateVars } from "./catalog";
import {
  BLANK_VARS,
  type DeliveryRow,
  deliveryRow,
  messageFor,
  preferencesOf,
  type SourceEvent,
  tenantOf,
} from "./delivery-plan";

/** The most of a run's error a message quotes. */
const MAX_ERROR_CHARS = 500;

type Person = { id: string; name: string; email: string; locale: string | null };

/**
 * The job's people: its creator and its last editor, those still members, creator first. When
 * neither is, the tenant's owner stands in as the one an IM post is addressed to.
 */
async function peopleOf(tx: Tx, job: { createdBy: string | null; updatedBy: string | null }) {
  const ids = [...new Set([job.createdBy, job.updatedBy].filter((id): id is string => !!id))];
  const rows = await tx
    .select({ id: users.id, name: users.name, email: users.email, locale: users.locale, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(or(eq(memberships.role, "OWNER"), ids.length ? inArray(memberships.userId, ids) : undefined));
  const people: Person[] = ids.flatMap((id) => rows.filter((r) => r.id === id));
  return { people, poster: people[0] ?? rows.find((r) => r.role === "OWNER") ?? null };
}

/**
 * A job's alert (`job/run.*`, `job/schedule.rearmed`): the channels are exactly the job's
 * `alerts.channelIds` that still exist and are enabled (a channel's own event filter does not
 * apply: the job named it). Over an email or in-app channel each of the job's people (its creator
 * and last editor, current members) gets the message in their own language, after their
 * preferences for the event; an IM channel or webhook gets it once, in the tenant's default
 * language, addressed as deliveries are (to a person: the first of the job's people, else the
 * tenant's owner) — it is the job's channel, not a person's, so no one's preference silences it.
 * The link is the run's page (`/t/<slug>/jobs/<jobId>/runs/<runId>`), or the job's for a re-armed
 * schedule.
 */
export async function jobDeliveries(tx: Tx, event: SourceEvent): Promise<DeliveryRow[]> {
  const data = event.data as { tenantId: string; jobId: string; runId?: string; failures?: number };
  const runRead = data.runId
    ? tx
        .select({ status: jobRuns.status, error: jobRuns.error, attempt: jobRuns.attempt })
        .from(jobRuns)
        .where(eq(jobRuns.id, data.runId))
        .execute()
    : Promise.resolve([]);
  const jobRead = tx
    .select({ name: jobs.name, alerts: jobs.alerts, createdBy: jobs.createdBy, updatedBy: jobs.updatedBy })
    .from(jobs)
    .where(eq(jobs.id, data.jobId))
    .execute();
  const [[job], [run], tenant] = await Promise.all([jobRead, runRead, tenantOf(tx, data.tenantId)]);
  if (!job || !tenant || (data.runId && !run)) return [];
  const channelIds = job.alerts.channelIds;
  if (channelIds.length === 0) return [];
  const channels = await tx
    .select({ id: notificationChannels.id, name: notificationChannels.name, kind: notificationChannels.kind })
    .from(notificationChannels)
    .where(and(inArray(notificationChannels.id, channelIds), eq(notificationChannels.enabled, true)));
  if (channels.length === 0) return [];

  const { people, poster } = await peopleOf(tx, job);
  const [prefs, overrides] = await Promise.all([
    preferencesOf(
      tx,
      event.name,
      people.map((p) => p.id),
    ),
    templateOverridesOf(tx, event.name),
  ]);
  const link = appUrl(
    data.runId ? `/t/${tenant.slug}/jobs/${data.jobId}/runs/${data.runId}` : `/t/${tenant.slug}/jobs/${data.jobId}`,
  );
  const tenantLocale = tenant.locale;
  // The run's error is a stored `msg()` code (or plain text): rendered per language, no server path, capped.
  const error = withoutServerPaths(run?.error ?? "");
  const varsIn = (locale: Locale, userName: string): TemplateVars => {
    const t = translator(locale);
    return {
      ...BLANK_VARS,
      tenantName: tenant.name,
      jobName: job.name,
      attempt: run ? String(run.attempt) : "",
      failures: data.failures ? String(data.failures) : "",
      error: renderStored(locale, error).slice(0, MAX_ERROR_CHARS),
      status: run && t.has(`notifications.run_status.${run.status}`) ? t(`notifications.run_status.${run.status}`) : "",
      event: t(`notifications.events.${eventKey(event.name)}`),
      userName,
      link,
    };
  };

  const rows: DeliveryRow[] = [];
  const add = (person: Person, channel: (typeof channels)[number], locale: Locale) => {
    const kind = channel.kind as ChannelKind;
    const msg = messageFor(event.name, kind, overrides, { locale, tenantLocale }, varsIn(locale, person.name));
    rows.push(deliveryRow(event, person, channel, msg, { locale, link, orderId: null }));
  };
  for (const channel of channels) {
    const group = preferenceGroup(channel.kind as ChannelKind);
    if (group === "im") {
      if (poster) add(poster, channel, tenantLocale);
      continue;
    }
    for (const person of people) {
      const groups = prefs.get(person.id);
      if (groups && !groups.has(group)) continue;
      add(person, channel, preferredLocale(person.locale, tenantLocale));
    }
  }
  return rows;
}
