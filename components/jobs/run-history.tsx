import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { EmptyRow, Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import type { JobRunItem } from "@/db/queries/jobs";
import { dateTime, duration } from "@/lib/format";
import { renderStored } from "@/lib/i18n/translate";
import { RunStatusBadge } from "./run-status";

/**
 * A job's runs, newest first: when, status, trigger, attempt, version, duration, and why a fire
 * was skipped or a run failed (stored as message codes, rendered in the reader's language).
 */
export function RunHistory({ runs, base, timeZone }: { runs: JobRunItem[]; base: string; timeZone: string }) {
  const t = useTranslations("jobs.detail");
  const tt = useTranslations("jobs.triggers");
  const locale = useLocale();
  return (
    <Table caption={t("runs_title")} data-testid="run-history">
      <THead>
        <Th>{t("col_when")}</Th>
        <Th>{t("col_status")}</Th>
        <Th>{t("col_trigger")}</Th>
        <Th>{t("col_attempt")}</Th>
        <Th>{t("col_version")}</Th>
        <Th>{t("col_duration")}</Th>
        <Th>{t("col_note")}</Th>
      </THead>
      <TBody>
        {runs.length === 0 ? <EmptyRow colSpan={7}>{t("runs_none")}</EmptyRow> : null}
        {runs.map((r) => {
          const note = r.reason ?? r.error;
          return (
            <Tr key={r.id} hover data-testid="run-row" data-status={r.status}>
              <Td className="whitespace-nowrap">
                <Link href={`${base}/runs/${r.id}`} className="text-indigo-700 hover:underline">
                  <time dateTime={(r.fireAt ?? r.createdAt).toISOString()}>
                    {dateTime(r.fireAt ?? r.createdAt, timeZone)}
                  </time>
                </Link>
              </Td>
              <Td>
                <RunStatusBadge status={r.status} />
              </Td>
              <Td className="whitespace-nowrap text-zinc-600">{tt(r.triggerType)}</Td>
              <Td className="text-zinc-600">{r.attempt}</Td>
              <Td className="text-zinc-600">v{r.version}</Td>
              <Td className="whitespace-nowrap text-zinc-600">
                {r.durationMs !== null ? duration(r.durationMs, locale) : "—"}
              </Td>
              <Td className="max-w-sm text-zinc-600">
                {note ? <span className="line-clamp-2">{renderStored(locale, note)}</span> : null}
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
