"use client";

import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { cn } from "@/components/ui/cn";
import { useSay } from "@/components/ui/use-say";
import { type Calendar, calendarProblem } from "@/lib/schedules/calendar";
import { parseSchedule } from "@/lib/schedules/cron";
import { previewFires } from "@/lib/schedules/preview";

/** The viewer's own time zone (the browser's); UTC until mounted, so server and first client render agree. */
export function useViewerZone(): string | null {
  const [zone, setZone] = useState<string | null>(null);
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"), []);
  return zone;
}

/**
 * The next 5 fires of an expression in its zone, each in the job's zone and the viewer's, the ones
 * near a DST change marked and explained, make-up days and the calendar's skips named. Recomputed
 * as the expression, zone or calendar change (lib/schedules/preview.ts, the scheduler's own rules);
 * an expression that cannot be a schedule says why instead.
 */
export function SchedulePreview({
  cron,
  timeZone,
  calendar,
  paused = false,
}: {
  cron: string;
  timeZone: string;
  calendar: Calendar;
  paused?: boolean;
}) {
  const t = useTranslations("jobs.schedule");
  const tj = useTranslations("jobs");
  const say = useSay();
  const viewerZone = useViewerZone();
  const result = useMemo(() => {
    if (!viewerZone) return null;
    if (!cron.trim()) return { problem: t("preview_empty") };
    const parsed = parseSchedule(cron, timeZone);
    if (!parsed.ok) return { problem: say(parsed.problem.message) };
    const bad = calendarProblem(calendar);
    if (bad) return { problem: say(bad) };
    return previewFires({ spec: parsed.spec, calendar, viewerZone, now: new Date() });
  }, [cron, timeZone, calendar, viewerZone, t, say]);
  const sameZone = viewerZone === timeZone;
  return (
    <div aria-live="polite" data-testid="schedule-preview" className="text-sm">
      <p className="mb-1 font-medium text-zinc-700">{t("preview_title")}</p>
      {!result ? null : "problem" in result ? (
        <p className="text-zinc-500" data-testid="schedule-preview-problem">
          {result.problem}
        </p>
      ) : result.fires.length === 0 ? (
        <p className="text-zinc-500">{t("preview_none")}</p>
      ) : (
        <>
          {paused ? <p className="mb-1 text-amber-700">{t("preview_paused")}</p> : null}
          <ol className="divide-y divide-zinc-100 rounded-md border border-zinc-200 bg-white">
            {result.fires.map((f) => (
              <li key={f.at} className="px-3 py-1.5" data-testid="preview-fire" data-dst={f.dst ?? undefined}>
                <span className="font-mono text-xs text-zinc-800">{f.jobTime}</span>
                {sameZone ? null : (
                  <span className="ml-2 font-mono text-xs text-zinc-500">
                    {t("preview_yours", { time: f.viewerTime })}
                  </span>
                )}
                {f.dst ? (
                  <span
                    className={cn(
                      "ml-2 rounded-full px-2 py-0.5 text-xs",
                      f.dst === "change_day" ? "bg-zinc-100 text-zinc-700" : "bg-amber-100 text-amber-900",
                    )}
                    data-testid="preview-dst"
                  >
                    {t(`dst_badge.${f.dst}`)}
                  </span>
                ) : null}
                {f.makeUp ? (
                  <span className="ml-2 rounded-full bg-sky-100 px-2 py-0.5 text-xs text-sky-800">
                    {tj("make_up_day")}
                  </span>
                ) : null}
                {f.dst && f.dst !== "change_day" ? <p className="text-xs text-zinc-500">{tj(`dst.${f.dst}`)}</p> : null}
              </li>
            ))}
          </ol>
          {result.skipped.length ? (
            <ul className="mt-1 space-y-0.5 text-xs text-zinc-500">
              {result.skipped.slice(0, 5).map((s) => (
                <li key={s.at}>
                  {t("preview_skipped", { time: s.jobTime })} {tj(`skip_reasons.${s.reason.code}`, s.reason.params)}
                </li>
              ))}
            </ul>
          ) : null}
          {sameZone ? null : (
            <p className="mt-1 text-xs text-zinc-500">
              {t("preview_zones", { zone: timeZone, viewer: viewerZone ?? "" })}
            </p>
          )}
        </>
      )}
    </div>
  );
}
