"use client";

import { useLocale, useTranslations } from "next-intl";
import type { PreviewLevel } from "@/lib/approvals/flow-graph";

/**
 * The levels of a previewed route, in order, each with the members who would be asked: the flow
 * page's path preview and the submit page show the same list.
 */
export function RouteLevels({ levels, testId }: { levels: PreviewLevel[]; testId?: string }) {
  const t = useTranslations("approvals");
  const locale = useLocale();
  const sep = locale === "zh-CN" ? "、" : ", ";
  return (
    <ol className="space-y-2" data-testid={testId}>
      {levels.map((level, i) => (
        <li key={level.nodeId} className="flex gap-2 text-sm" data-testid="route-level">
          <span className="inline-flex size-6 shrink-0 items-center justify-center rounded-full bg-indigo-100 text-xs font-semibold text-indigo-700">
            {i + 1}
          </span>
          <div>
            <p>
              <span className="font-medium">{level.name}</span>{" "}
              <span className="text-zinc-500">
                · {t(`designer.kind_short.${level.kind}`)}
                {level.timeoutHours ? ` · ${t("designer.hours", { hours: level.timeoutHours })}` : ""}
              </span>
            </p>
            {level.approvers.length ? (
              <p className="text-zinc-700">{level.approvers.map((a) => a.name).join(sep)}</p>
            ) : (
              <p className="text-red-600">{t("preview.nobody")}</p>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
