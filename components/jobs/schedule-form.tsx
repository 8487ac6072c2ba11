"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorSummary, FormError, SelectField, TextField } from "@/components/ui/field";
import { Check } from "@/components/ui/form-parts";
import { TextAreaField } from "@/components/ui/text-area";
import { useActionForm } from "@/components/ui/use-action-form";
import { MISFIRE_KINDS, OVERLAP_KINDS } from "@/lib/jobs/catalog";
import { parseDays, type ScheduleDraft, type ScheduleRow, scheduleDraftOf, scheduleInput } from "./schedule-draft";
import { SchedulePreview } from "./schedule-preview";

// biome-ignore lint/suspicious/noExplicitAny: a safe action; useActionForm reads its result shape
type SaveAction = (input: any) => Promise<any>;

const SUMMARY = ["cron", "timeZone", "misfire", "overlap", "calendar", "pausedUntil"];

/**
 * Adds or edits one schedule of a job: the cron expression and zone (the viewer's by default), the
 * misfire and overlap policies, the calendar's holidays and make-up days, a timed pause. The next
 * 5 fires are previewed as it is typed.
 */
export function ScheduleForm({
  tenant,
  jobId,
  schedule,
  viewerZone,
  save,
  onDone,
}: {
  tenant: string;
  jobId: string;
  schedule: ScheduleRow | null;
  viewerZone: string;
  save: SaveAction;
  onDone: () => void;
}) {
  const router = useRouter();
  const t = useTranslations("jobs.schedule");
  const [d, setD] = useState<ScheduleDraft>(() => scheduleDraftOf(schedule, viewerZone));
  const set = (patch: Partial<ScheduleDraft>) => setD((x) => ({ ...x, ...patch }));
  const zonesId = useId();
  const form = useActionForm(save, {
    extra: { tenant, jobId, id: schedule?.id, ...scheduleInput(d) },
    labels: Object.fromEntries(SUMMARY.map((k) => [k, t(`labels.${k}`)])),
    successMessage: schedule ? t("saved") : t("added"),
    onSuccess: () => {
      router.refresh();
      onDone();
    },
  });
  const calendar = { excluded: parseDays(d.excluded), included: parseDays(d.included) };
  return (
    <form
      noValidate
      onSubmit={form.onSubmit}
      className="space-y-4 rounded-md border border-indigo-200 bg-indigo-50/30 p-4"
      data-testid="schedule-form"
    >
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <div className="space-y-4">
          <TextField
            label={t("labels.cron")}
            value={d.cron}
            maxLength={240}
            className="font-mono"
            placeholder="0 2 * * 1-5"
            spellCheck={false}
            autoComplete="off"
            hint={t("cron_hint")}
            onChange={(e) => set({ cron: e.target.value })}
            error={form.fieldError("cron")}
            data-testid="schedule-cron"
          />
          <TextField
            label={t("labels.timeZone")}
            value={d.timeZone}
            maxLength={100}
            list={zonesId}
            spellCheck={false}
            autoComplete="off"
            hint={t("zone_hint")}
            onChange={(e) => set({ timeZone: e.target.value })}
            error={form.fieldError("timeZone")}
            data-testid="schedule-zone"
          />
          <ZoneList id={zonesId} />
          <div className="grid gap-4 sm:grid-cols-[1fr_7rem]">
            <SelectField
              label={t("labels.misfire")}
              value={d.misfire}
              onChange={(e) => set({ misfire: e.target.value as ScheduleDraft["misfire"] })}
              options={MISFIRE_KINDS.map((k) => ({ value: k, label: t(`misfire_option.${k}`) }))}
              hint={t(`misfire_hint.${d.misfire}`)}
              error={d.misfire === "fire_all" ? undefined : form.errorUnder("misfire")?.message}
            />
            {d.misfire === "fire_all" ? (
              <TextField
                label={t("misfire_cap")}
                type="number"
                min={1}
                max={100}
                value={d.misfireCap}
                onChange={(e) => set({ misfireCap: e.target.value })}
                error={form.errorUnder("misfire")?.message}
              />
            ) : null}
          </div>
          <div className="grid gap-4 sm:grid-cols-[1fr_7rem]">
            <SelectField
              label={t("labels.overlap")}
              value={d.overlap}
              onChange={(e) => set({ overlap: e.target.value as ScheduleDraft["overlap"] })}
              options={OVERLAP_KINDS.map((k) => ({ value: k, label: t(`overlap_option.${k}`) }))}
              error={d.overlap === "allow_n" ? undefined : form.errorUnder("overlap")?.message}
            />
            {d.overlap === "allow_n" ? (
              <TextField
                label={t("overlap_limit")}
                type="number"
                min={1}
                max={100}
                value={d.overlapLimit}
                onChange={(e) => set({ overlapLimit: e.target.value })}
                error={form.errorUnder("overlap")?.message}
              />
            ) : null}
          </div>
        </div>
        <SchedulePreview cron={d.cron} timeZone={d.timeZone} calendar={calendar} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextAreaField
          label={t("excluded")}
          rows={3}
          value={d.excluded}
          placeholder={t("excluded_placeholder")}
          className="font-mono text-xs"
          hint={t("excluded_hint")}
          onChange={(e) => set({ excluded: e.target.value })}
          error={form.errorUnder("calendar")?.message}
        />
        <TextAreaField
          label={t("included")}
          rows={3}
          value={d.included}
          placeholder="2027-10-09"
          className="font-mono text-xs"
          hint={t("included_hint")}
          onChange={(e) => set({ included: e.target.value })}
        />
      </div>
      <div className="grid items-start gap-4 sm:grid-cols-2">
        <TextField
          label={t("labels.pausedUntil")}
          type="datetime-local"
          value={d.pausedUntil}
          hint={t("paused_until_hint", { zone: viewerZone })}
          onChange={(e) => set({ pausedUntil: e.target.value })}
          error={form.fieldError("pausedUntil")}
        />
        <div className="sm:pt-7">
          <Check label={t("enabled")} checked={d.enabled} onChange={(enabled) => set({ enabled })} role="switch" />
        </div>
      </div>
      {form.errors.length ? <ErrorSummary errors={form.errors} /> : <FormError message={form.formError} />}
      <div className="flex gap-2">
        <Button type="submit" pending={form.pending} data-testid="schedule-save">
          {schedule ? t("save") : t("add")}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}

/** The runtime's IANA zones, offered as the zone field is typed (built after mount: server and browser lists may differ). */
function ZoneList({ id }: { id: string }) {
  const [zones, setZones] = useState<string[]>([]);
  useEffect(() => setZones(["UTC", ...Intl.supportedValuesOf("timeZone").filter((z) => z !== "UTC")]), []);
  return (
    <datalist id={id}>
      {zones.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}
