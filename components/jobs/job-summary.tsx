import { useLocale, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { duration } from "@/lib/format";
import type { JobConfig, JobParameter, JobRetries, JobType } from "@/lib/jobs/catalog";

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[10rem_1fr]">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0 break-words text-zinc-800">{children}</dd>
    </div>
  );
}

/** What a job's current version does, in a few lines: its call, retries, timeout, parameters and the names of its secrets. */
export function JobSummary({
  type,
  version,
  parameters,
  datasourceName,
}: {
  type: JobType;
  version: { version: number; config: JobConfig; retries: JobRetries; timeoutMs: number; secretNames: string[] };
  parameters: JobParameter[];
  datasourceName: string | null;
}) {
  const t = useTranslations("jobs.detail");
  const tt = useTranslations("jobs.types");
  const locale = useLocale();
  const c = version.config;
  const mono = (s: string) => <code className="font-mono text-xs">{s}</code>;
  return (
    <dl className="space-y-2 text-sm" data-testid="job-summary">
      <Row label={t("type")}>
        <span data-testid="job-type-shown">{tt(type)}</span> · <span data-testid="job-version">v{version.version}</span>
      </Row>
      {c.type === "http" ? (
        <>
          <Row label={t("call")}>{mono(`${c.method} ${c.url}`)}</Row>
          <Row label={t("success_when")}>
            {c.expectStatus ? t("expect_status", { status: c.expectStatus }) : t("expect_2xx")}
          </Row>
        </>
      ) : c.type === "shell" ? (
        <>
          <Row label={t("command")}>
            <pre className="whitespace-pre-wrap font-mono text-xs">{c.command}</pre>
          </Row>
          {c.workdir ? <Row label={t("workdir")}>{mono(c.workdir)}</Row> : null}
          {c.envKeys.length ? <Row label={t("env")}>{mono(c.envKeys.join(", "))}</Row> : null}
        </>
      ) : (
        <>
          <Row label={t("datasource")}>
            {datasourceName ?? t("datasource_gone")}
            {c.readOnly ? ` · ${t("read_only")}` : ""}
          </Row>
          <Row label={t("query")}>
            <pre className="whitespace-pre-wrap font-mono text-xs">{c.query}</pre>
          </Row>
        </>
      )}
      <Row label={t("retries")}>
        {version.retries.count === 0
          ? t("retries_none")
          : t("retries_some", {
              count: version.retries.count,
              interval: version.retries.interval,
              base: duration(version.retries.baseMs, locale),
            })}
      </Row>
      <Row label={t("timeout")}>{duration(version.timeoutMs, locale)}</Row>
      {parameters.length ? (
        <Row label={t("parameters")}>
          {mono(parameters.map((p) => (p.default ? `${p.name}=${p.default}` : p.name)).join(", "))}
        </Row>
      ) : null}
      {version.secretNames.length ? <Row label={t("secrets")}>{mono(version.secretNames.join(", "))}</Row> : null}
    </dl>
  );
}
