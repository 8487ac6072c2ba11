import { useTranslations } from "next-intl";
import { z } from "zod";
import { Table, TBody, Td, THead, Th, Tr } from "@/components/ui/table";
import type { JobType } from "@/lib/jobs/catalog";

/** The stored results (lib/jobs/call/types.ts), read defensively: a row of another shape shows nothing. */
const ZHttpResult = z.object({
  status: z.number(),
  headers: z.record(z.string(), z.string()),
  body: z.string(),
  bytes: z.number(),
  truncated: z.boolean(),
});
const ZSqlResult = z.object({
  columns: z.array(z.string()),
  rows: z.array(z.array(z.unknown())),
  rowCount: z.number(),
  truncated: z.boolean(),
});

const cell = (v: unknown) =>
  v === null || v === undefined ? "NULL" : typeof v === "object" ? JSON.stringify(v) : String(v);

/** An ended HTTP run's response (status, kept headers, body) or an SQL run's rows as a table. */
export function RunResult({ type, result }: { type: JobType; result: unknown }) {
  const t = useTranslations("jobs.run");
  if (type === "http") {
    const r = ZHttpResult.safeParse(result);
    if (!r.success) return null;
    const { status, headers, body, bytes, truncated } = r.data;
    return (
      <div className="space-y-3 text-sm" data-testid="run-http-result">
        <p>
          {t("http_status")}{" "}
          <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono" data-testid="run-http-status">
            {status}
          </code>{" "}
          <span className="text-zinc-500">· {t("bytes", { bytes })}</span>
        </p>
        {Object.keys(headers).length ? (
          <dl className="grid gap-x-4 gap-y-1 font-mono text-xs sm:grid-cols-[12rem_1fr]">
            {Object.entries(headers).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-zinc-500">{k}</dt>
                <dd className="break-all">{v}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        <pre
          className="max-h-96 overflow-auto whitespace-pre-wrap break-all rounded-md bg-zinc-950 p-3 font-mono text-xs text-zinc-100"
          data-testid="run-http-body"
        >
          {body || t("empty_body")}
        </pre>
        {truncated ? <p className="text-xs text-amber-700">{t("body_truncated")}</p> : null}
      </div>
    );
  }
  if (type === "sql") {
    const r = ZSqlResult.safeParse(result);
    if (!r.success) return null;
    const { columns, rows, rowCount, truncated } = r.data;
    return (
      <div className="space-y-2 text-sm" data-testid="run-sql-result">
        <p className="text-zinc-600">
          {truncated ? t("rows_truncated", { shown: rows.length, count: rowCount }) : t("rows", { count: rowCount })}
        </p>
        {columns.length ? (
          <div className="max-h-[32rem] overflow-auto rounded-md border border-zinc-200">
            <Table caption={t("rows_caption")} className="font-mono text-xs">
              <THead>
                {columns.map((c, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns may share a name
                  <Th key={i} className="normal-case">
                    {c}
                  </Th>
                ))}
              </THead>
              <TBody>
                {rows.map((row, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: result rows have no identity
                  <Tr key={i}>
                    {row.map((v, j) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a row's cells are positional
                      <Td key={j} className={v === null ? "text-zinc-400" : undefined}>
                        {cell(v)}
                      </Td>
                    ))}
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
        ) : null}
      </div>
    );
  }
  return null;
}
