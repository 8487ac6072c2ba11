import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import { approvalRecords, approvalTasks, memberships, users } from "@/db/schema";
import type { Tx } from "@/db/tenant";
import { SafeError } from "@/lib/errors";
import type { AppEvent } from "@/lib/events/registry";
import { msg, msgKey } from "@/lib/i18n/message";
import { translator } from "@/lib/i18n/translate";
import type { FlowLevel } from "./flow";
import { adapterOf, type Subject, type SubjectRef } from "./subject";

/**
 * The approval state machine, over any subject (lib/approvals/subject.ts). Every transition runs
 * inside the caller's tenant transaction after the subject's adapter locked it, so decisions on one
 * subject are serialised: double clicks and concurrent approvers see the state the previous
 * decision left, and the `where status = 'pending'` of each task update re-checks it once more.
 */

export type Via = "ui" | "email" | "system";

/** How a step of the engine left the subject: still pending, or decided. */
export type Settled = "approved" | "rejected" | null;

/** Rows of `approval_tasks` / `approval_records` that belong to the subject. */
export function ofSubject(table: typeof approvalTasks | typeof approvalRecords, ref: SubjectRef) {
  return and(eq(table.subjectType, ref.type), eq(table.subjectId, ref.id));
}

/**
 * A word of `approvals.<group>.<word>` as a message parameter, or the word itself when it has no
 * text there (a subject type or status the messages do not know yet).
 */
function word(group: string, value: string): string {
  const key = `approvals.${group}.${value}`;
  return translator("en").has(key) ? msgKey(key) : value;
}

/** The subject's noun ("order") as a message parameter, in the reader's language. */
export function nounOf(subject: SubjectRef): string {
  return word("nouns", adapterOf(subject.type).noun);
}

export function requirePending(subject: Subject): void {
  if (subject.status !== "pending") {
    throw new SafeError("approvals.already_closed", {
      params: { noun: nounOf(subject), status: word("closed", subject.status) },
    });
  }
}

/** Members who approve a level: its named users and everyone holding one of its roles, less the barred. */
export async function resolveApprovers(tx: Tx, level: FlowLevel, barred: readonly string[]): Promise<string[]> {
  const rows = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(
      level.users.length && level.roles.length
        ? sql`${inArray(memberships.userId, level.users)} or ${inArray(memberships.role, level.roles)}`
        : level.users.length
          ? inArray(memberships.userId, level.users)
          : level.roles.length
            ? inArray(memberships.role, level.roles)
            : sql`false`,
    )
    .orderBy(memberships.createdAt, memberships.userId);
  const members = new Set(rows.map((r) => r.userId));
  const ordered = [...level.users.filter((u) => members.has(u)), ...rows.map((r) => r.userId)];
  const unique = [...new Set(ordered)].filter((u) => !barred.includes(u));
  return level.kind === "single" ? unique.slice(0, 1) : unique;
}

/** One entry on the subject's timeline (at its current level unless `level` is given). */
export async function recordOnTimeline(
  tx: Tx,
  subject: SubjectRef & { currentLevel: number | null },
  entry: {
    action: string;
    actorId: string | null;
    level?: number | null;
    comment?: string | null;
    targetUserId?: string | null;
    via?: Via;
    detail?: unknown;
  },
) {
  await tx.insert(approvalRecords).values({
    subjectType: subject.type,
    subjectId: subject.id,
    level: entry.level ?? subject.currentLevel,
    actorId: entry.actorId,
    action: entry.action,
    comment: entry.comment || null,
    targetUserId: entry.targetUserId ?? null,
    via: entry.via ?? "ui",
    detail: entry.detail ?? null,
    // Strictly after the subject's last record: two written in one transaction (submit, then the
    // route it took) can read the same clock (PGlite's is coarse), and the timeline orders by time.
    createdAt: sql`greatest(clock_timestamp(), (select max(r.created_at) + interval '1 microsecond' from ${approvalRecords} r where r.subject_type = ${subject.type} and r.subject_id = ${subject.id}))`,
  });
}

/**
 * Opens level `index` (or the first deciding level from there): creates its tasks, notifies cc
 * levels and moves past them. A level nobody may approve rejects the subject; with no level left,
 * it is approved. Returns the events to send after commit.
 */
export async function openLevel(
  tx: Tx,
  subject: Subject,
  index: number,
): Promise<{ events: AppEvent[]; settled: Settled; opened: number | null }> {
  const adapter = adapterOf(subject.type);
  const barred = (await adapter.barred(tx, subject)).userIds;
  const events: AppEvent[] = [];
  for (let i = index; i < subject.levels.length; i++) {
    const level = subject.levels[i] as FlowLevel;
    const approvers = await resolveApprovers(tx, level, barred);
    if (level.kind === "cc") {
      if (approvers.length) {
        await tx.insert(approvalTasks).values(
          approvers.map((approverId) => ({
            subjectType: subject.type,
            subjectId: subject.id,
            level: i,
            kind: level.kind,
            approverId,
            status: "notified" as const,
          })),
        );
      }
      await recordOnTimeline(tx, subject, {
        action: "cc",
        actorId: null,
        level: i,
        via: "system",
        detail: { users: approvers },
      });
      for (const userId of approvers) events.push(...adapter.announce(subject, { kind: "cc", userId, level: i }));
      continue;
    }
    if (approvers.length === 0) {
      const reason = msg("approvals.nobody_left", { level: level.name });
      await recordOnTimeline(tx, subject, {
        action: "reject",
        actorId: null,
        level: i,
        comment: reason,
        via: "system",
      });
      events.push(...(await adapter.onRejected(tx, subject, { level: i, reason, by: "system" })));
      return { events, settled: "rejected", opened: null };
    }
    const dueAt = level.timeoutHours ? new Date(Date.now() + level.timeoutHours * 3_600_000) : null;
    const tasks = await tx
      .insert(approvalTasks)
      .values(
        approvers.map((approverId) => ({
          subjectType: subject.type,
          subjectId: subject.id,
          level: i,
          kind: level.kind,
          approverId,
          status: "pending" as const,
          dueAt,
        })),
      )
      .returning({ id: approvalTasks.id, approverId: approvalTasks.approverId });
    await adapter.onLevel(tx, subject, i);
    for (const t of tasks) {
      events.push(
        ...adapter.announce(subject, { kind: "requested", taskId: t.id, approverId: t.approverId, level: i }),
      );
    }
    events.push(
      ...adapter.announce(subject, {
        kind: "level.opened",
        level: i,
        timeoutAt: dueAt?.toISOString() ?? null,
        timeoutHours: level.timeoutHours,
      }),
    );
    return { events, settled: null, opened: i };
  }
  await recordOnTimeline(tx, subject, { action: "approved", actorId: null, level: null, via: "system" });
  events.push(...(await adapter.onApproved(tx, subject)));
  return { events, settled: "approved", opened: null };
}

/** Cancels every pending task of the subject (at `level` only, when given). */
export async function cancelPending(tx: Tx, ref: SubjectRef, level?: number) {
  await tx
    .update(approvalTasks)
    .set({ status: "cancelled", decidedAt: new Date() })
    .where(
      and(
        ofSubject(approvalTasks, ref),
        eq(approvalTasks.status, "pending"),
        level === undefined ? undefined : eq(approvalTasks.level, level),
      ),
    );
}

/** The actor's pending task at the subject's current level, or a clear reason why there is none. */
export async function myPendingTask(tx: Tx, subject: Subject, userId: string) {
  const atLevel = and(ofSubject(approvalTasks, subject), eq(approvalTasks.level, subject.currentLevel ?? -1));
  const mine = await tx
    .select({ id: approvalTasks.id, status: approvalTasks.status, kind: approvalTasks.kind })
    .from(approvalTasks)
    .where(and(atLevel, eq(approvalTasks.approverId, userId)));
  const pending = mine.find((t) => t.status === "pending");
  if (pending) return pending;
  if (mine.some((t) => t.status === "cancelled")) {
    const [by] = await tx
      .select({ name: users.name })
      .from(approvalTasks)
      .innerJoin(users, eq(users.id, approvalTasks.approverId))
      .where(and(atLevel, inArray(approvalTasks.status, ["approved", "rejected"])))
      .limit(1);
    throw by
      ? new SafeError("approvals.level_decided_by", { params: { name: by.name } })
      : new SafeError("approvals.level_decided");
  }
  if (mine.some((t) => t.status === "approved" || t.status === "rejected")) {
    throw new SafeError("approvals.you_decided");
  }
  if (mine.some((t) => t.status === "transferred")) throw new SafeError("approvals.you_transferred");
  throw new SafeError("approvals.not_an_approver", { params: { noun: nounOf(subject) } });
}

/**
 * Records the actor's approve/reject on their task and moves the subject on: a rejection ends it;
 * an approval completes a single/or-sign level at once, a countersign level when no task is left
 * pending. Returns the events to send after commit, whether the subject is now decided, and the
 * level this decision opened (null when it still waits on its level, or is decided).
 */
export async function decide(
  tx: Tx,
  subject: Subject,
  actorId: string,
  decision: "approved" | "rejected",
  comment: string,
  via: Via,
): Promise<{ events: AppEvent[]; settled: Settled; opened: number | null }> {
  const adapter = adapterOf(subject.type);
  requirePending(subject);
  const barred = await adapter.barred(tx, subject);
  if (barred.userIds.includes(actorId)) throw new SafeError(barred.self);
  const task = await myPendingTask(tx, subject, actorId);
  const updated = await tx
    .update(approvalTasks)
    .set({ status: decision, comment: comment || null, decidedAt: new Date(), decidedVia: via })
    .where(and(eq(approvalTasks.id, task.id), eq(approvalTasks.status, "pending")))
    .returning({ id: approvalTasks.id });
  if (updated.length === 0) throw new SafeError("approvals.task_decided");
  const level = subject.currentLevel ?? 0;
  await recordOnTimeline(tx, subject, {
    action: decision === "approved" ? "approve" : "reject",
    actorId,
    comment,
    via,
  });

  if (decision === "rejected") {
    await cancelPending(tx, subject);
    return {
      events: [
        ...adapter.announce(subject, { kind: "level.closed", level, outcome: "rejected" }),
        ...(await adapter.onRejected(tx, subject, { level, reason: comment, by: "approver" })),
      ],
      settled: "rejected",
      opened: null,
    };
  }

  if (task.kind === "or") {
    await cancelPending(tx, subject, level);
  } else {
    const [left] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(approvalTasks)
      .where(
        and(ofSubject(approvalTasks, subject), eq(approvalTasks.level, level), eq(approvalTasks.status, "pending")),
      );
    if ((left?.n ?? 0) > 0) return { events: [], settled: null, opened: null };
  }
  const next = await openLevel(tx, subject, level + 1);
  return {
    events: [...adapter.announce(subject, { kind: "level.closed", level, outcome: "approved" }), ...next.events],
    settled: next.settled,
    opened: next.opened,
  };
}

/**
 * The level waited past its timeout: the subject expires if it is still pending on that same
 * level (otherwise nothing changes and null is returned).
 */
export async function expire(tx: Tx, subject: Subject, level: number): Promise<AppEvent[] | null> {
  if (subject.status !== "pending" || subject.currentLevel !== level) return null;
  await cancelPending(tx, subject);
  await recordOnTimeline(tx, subject, {
    action: "expire",
    actorId: null,
    via: "system",
    comment: "The approval level timed out.",
  });
  return adapterOf(subject.type).onExpired(tx, subject, level);
}
