"use client";

import { useTranslations } from "next-intl";
import { Area, AreaChart, Bar, BarChart, Cell, Tooltip, XAxis, YAxis } from "recharts";
import type { RunStatus } from "@/lib/jobs/catalog";
import { STATUS_FILL } from "./run-status";

/**
 * The last runs of a job as a strip of bars, oldest to newest, each in its status's colour (a
 * failure stands out at a glance); read out as "n of m succeeded".
 */
export function RunStrip({ runs }: { runs: { status: RunStatus }[] }) {
  const t = useTranslations("jobs.charts");
  if (runs.length === 0) return <span className="text-xs text-zinc-400">{t("no_runs")}</span>;
  const succeeded = runs.filter((r) => r.status === "success").length;
  const label = t("strip", { succeeded, count: runs.length });
  const data = runs.map((r, i) => ({ i, v: 1, status: r.status }));
  return (
    <span role="img" aria-label={label} title={label} className="inline-block align-middle" data-testid="run-strip">
      <BarChart
        width={Math.max(24, runs.length * 5)}
        height={18}
        data={data}
        margin={{ top: 0, right: 0, bottom: 0, left: 0 }}
        barCategoryGap={1}
      >
        <Bar dataKey="v" isAnimationActive={false}>
          {data.map((d) => (
            <Cell key={d.i} fill={STATUS_FILL[d.status]} />
          ))}
        </Bar>
      </BarChart>
    </span>
  );
}

/**
 * A job's success rate per day (0–100 %), days without a run left as gaps; read out as the
 * overall rate. The tooltip names the day and its runs.
 */
export function RateSparkline({
  daily,
  summary,
}: {
  daily: { day: string; rated: number; succeeded: number; rate: number | null }[];
  summary: string;
}) {
  const t = useTranslations("jobs.charts");
  const data = daily.map((d) => ({ ...d, pct: d.rate === null ? null : Math.round(d.rate * 100) }));
  return (
    <div role="img" aria-label={summary} data-testid="success-sparkline">
      <AreaChart width={280} height={56} data={data} margin={{ top: 4, right: 4, bottom: 0, left: 4 }}>
        <XAxis dataKey="day" hide />
        <YAxis domain={[0, 100]} hide />
        <Tooltip
          formatter={(value) => [`${value} %`, t("rate")]}
          labelFormatter={(day, items) => {
            const d = items?.[0]?.payload as { rated: number; succeeded: number } | undefined;
            return d ? t("day_tooltip", { day: String(day), succeeded: d.succeeded, count: d.rated }) : String(day);
          }}
        />
        <Area
          type="monotone"
          dataKey="pct"
          stroke="#10b981"
          fill="#d1fae5"
          strokeWidth={2}
          connectNulls={false}
          isAnimationActive={false}
          dot={{ r: 2 }}
        />
      </AreaChart>
    </div>
  );
}
