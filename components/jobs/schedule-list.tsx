"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ActionDialog } from "@/components/ui/action-dialog";
import { runAction } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useTimeZone } from "@/components/ui/time-zone";
import { dateTime } from "@/lib/format";
import type { ScheduleRow } from "./schedule-draft";
import { ScheduleForm } from "./schedule-form";
import { SchedulePreview, useViewerZone } from "./schedule-preview";

// biome-ignore lint/suspicious/noExplicitAny: safe actions; the outcome helpers read their result shape
type Action = (input: any) => Promise<any>;

/**
 * A job's schedules, each with its state, policies and next-5 preview; who may manage the job adds,
 * edits, pauses (until resumed or until a time) and resumes them here.
 */
export function ScheduleList({
  tenant,
  jobId,
  jobEnabled,
  schedules,
  actions,
}: {
  tenant: string;
  jobId: string;
  jobEnabled: boolean;
  schedules: ScheduleRow[];
  /** Absent for readers: the list is shown without its controls. */
  actions?: { save: Action; pause: Action; resume: Action };
}) {
  const t = useTranslations("jobs.schedule");
  const tenantZone = useTimeZone();
  const viewerZone = useViewerZone() ?? tenantZone;
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const close = () => setEditing(null);
  return (
    <div className="space-y-3" data-testid="schedules">
      {!jobEnabled && schedules.length ? <p className="text-sm text-amber-700">{t("job_disabled")}</p> : null}
      {schedules.length === 0 && editing !== "new" ? (
        <p className="text-sm text-zinc-500">{actions ? t("none_manage") : t("none")}</p>
      ) : null}
      {schedules.map((s) =>
        editing === s.id && actions ? (
          <ScheduleForm
            key={s.id}
            tenant={tenant}
            jobId={jobId}
            schedule={s}
            viewerZone={viewerZone}
            save={actions.save}
            onDone={close}
          />
        ) : (
          <ScheduleCard key={s.id} tenant={tenant} schedule={s} actions={actions} onEdit={() => setEditing(s.id)} />
        ),
      )}
      {editing === "new" && actions ? (
        <ScheduleForm
          tenant={tenant}
          jobId={jobId}
          schedule={null}
          viewerZone={viewerZone}
          save={actions.save}
          onDone={close}
        />
      ) : actions ? (
        <Button variant="secondary" onClick={() => setEditing("new")} data-testid="schedule-add">
          <Plus className="size-4" aria-hidden />
          {t("add")}
        </Button>
      ) : null}
    </div>
  );
}

function ScheduleCard({
  tenant,
  schedule: s,
  actions,
  onEdit,
}: {
  tenant: string;
  schedule: ScheduleRow;
  actions?: { pause: Action; resume: Action };
  onEdit: () => void;
}) {
  const t = useTranslations("jobs.schedule");
  const tj = useTranslations("jobs");
  const router = useRouter();
  const [until, setUntil] = useState("");
  const pausedUntil = s.pausedUntil && new Date(s.pausedUntil) > new Date() ? s.pausedUntil : null;
  const state = !s.enabled ? "disabled" : s.paused ? "paused" : pausedUntil ? "paused_until" : "active";
  const refreshAfter = async (p: Promise<unknown>, success: string) => {
    const ok = await runAction(p as never, success);
    if (ok) router.refresh();
    return ok;
  };
  return (
    <div className="rounded-md border border-zinc-200 p-4" data-testid="schedule">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="space-y-1 text-sm">
          <p>
            <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono" data-testid="schedule-expression">
              {s.cron}
            </code>
            <span className="ml-2 text-zinc-600">{s.timeZone}</span>
            <span
              className="ml-2 rounded-full bg-zinc-100 px-2 py-0.5 text-xs text-zinc-700"
              data-testid="schedule-state"
            >
              {t(`state.${state}`, { until: pausedUntil ? dateTime(pausedUntil, s.timeZone) : "" })}
            </span>
          </p>
          <p className="text-zinc-500">
            {tj(`misfire_policies.${s.misfirePolicy}`, { cap: s.misfireCap ?? 100 })} ·{" "}
            {tj(`overlap_policies.${s.overlapPolicy}`, { limit: s.overlapLimit ?? 1 })}
            {s.calendar.excluded.length || s.calendar.included.length
              ? ` · ${t("calendar_summary", { excluded: s.calendar.excluded.length, included: s.calendar.included.length })}`
              : ""}
          </p>
          <p className="text-zinc-500">
            {t("next_fire")}{" "}
            <span className="text-zinc-800">{s.nextFireAt ? dateTime(s.nextFireAt, s.timeZone) : "—"}</span>
            {s.lastFireAt ? ` · ${t("last_fire", { at: dateTime(s.lastFireAt, s.timeZone) })}` : ""}
          </p>
        </div>
        {actions ? (
          <div className="flex flex-wrap gap-2">
            <Button variant="secondary" size="sm" onClick={onEdit} data-testid="schedule-edit">
              {t("edit")}
            </Button>
            {s.paused || pausedUntil ? (
              <Button
                variant="secondary"
                size="sm"
                data-testid="schedule-resume"
                onClick={() => refreshAfter(actions.resume({ tenant, id: s.id }), t("resumed"))}
              >
                {t("resume")}
              </Button>
            ) : (
              <ActionDialog
                title={t("pause_title")}
                description={t("pause_description")}
                trigger={
                  <Button variant="secondary" size="sm" data-testid="schedule-pause">
                    {t("pause")}
                  </Button>
                }
              >
                {(close) => (
                  <form
                    className="space-y-4"
                    onSubmit={async (e) => {
                      e.preventDefault();
                      const at = until ? new Date(until).toISOString() : null;
                      if (await refreshAfter(actions.pause({ tenant, id: s.id, until: at }), t("paused"))) close();
                    }}
                  >
                    <TextField
                      label={t("pause_until")}
                      type="datetime-local"
                      value={until}
                      hint={t("pause_until_hint")}
                      onChange={(e) => setUntil(e.target.value)}
                    />
                    <div className="flex justify-end gap-2">
                      <Button variant="secondary" onClick={close}>
                        {t("cancel")}
                      </Button>
                      <Button type="submit" data-testid="schedule-pause-confirm">
                        {t("pause")}
                      </Button>
                    </div>
                  </form>
                )}
              </ActionDialog>
            )}
          </div>
        ) : null}
      </div>
      <div className="mt-3">
        <SchedulePreview cron={s.cron} timeZone={s.timeZone} calendar={s.calendar} paused={state !== "active"} />
      </div>
    </div>
  );
}
