"use client";

import { useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { durationBetween } from "@/lib/format";
import { ACTIVE_EXECUTION } from "./labels";
import { StatusBadge } from "./status-badge";

type Line = { seq: number; stream: "stdout" | "stderr" | "system"; line: string };
type Snapshot = {
  status: string;
  exitCode: number | null;
  error: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  truncated: boolean;
  cancelRequested: boolean;
  more: boolean;
  lines: Line[];
};

const STREAM_CLASS: Record<Line["stream"], string> = {
  stdout: "text-zinc-100",
  stderr: "text-red-300",
  system: "text-indigo-300 italic",
};

/** How a run that is not a work-order execution reads through this viewer (a job run: lib/jobs). */
export type OutputSource = {
  /** The output route answering the snapshot shape above (`?after=<seq>` is appended). */
  url: string;
  /** The statuses of a run that has not ended (it is polled while in one). */
  active: ReadonlySet<string>;
  /** Its status as a badge. */
  badge: (status: string) => ReactNode;
  /** The test id of the status's wrapper. */
  statusTestId: string;
  /** false: only status, exit code, time and error (a run with no output lines: HTTP, SQL). */
  panel?: boolean;
  /** The cancel button's and its question's words, in the run's own terms. */
  cancelWords?: { cancel: string; title: string; description: string };
};

/**
 * Output of one execution (or, with `source`, of another kind of run: a job run), polled every
 * second from the output route while it is queued or running (and until every line is in), in a
 * monospaced panel that follows the end unless the reader scrolled up. When the run ends, the page
 * refreshes so the order and timeline catch up.
 */
export function LiveOutput({
  tenant,
  executionId,
  initialStatus,
  cancel,
  source,
}: {
  tenant: string;
  /** The work-order execution; a run of another kind passes `source` instead. */
  executionId?: string;
  initialStatus: string;
  /** Present when the viewer may cancel; resolves true when the cancel was accepted. */
  cancel?: () => Promise<boolean>;
  source?: OutputSource;
}) {
  const router = useRouter();
  const t = useTranslations("work-orders.live");
  const url = source?.url ?? `/api/t/${encodeURIComponent(tenant)}/executions/${executionId}/output`;
  const ACTIVE = source?.active ?? ACTIVE_EXECUTION;
  const panel = source?.panel ?? true;
  const locale = useLocale();
  const [lines, setLines] = useState<Line[]>([]);
  const lastSeq = useRef(-1);
  const panelRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  const query = useQuery({
    queryKey: ["execution-output", tenant, url],
    queryFn: async (): Promise<Snapshot> => {
      const res = await fetch(`${url}?after=${lastSeq.current}`, { cache: "no-store" });
      if (!res.ok) throw new Error(res.status === 404 ? t("not_found") : `HTTP ${res.status}`);
      const snap = (await res.json()) as Snapshot;
      const fresh = snap.lines.filter((l) => l.seq > lastSeq.current);
      if (fresh.length) {
        lastSeq.current = fresh[fresh.length - 1]?.seq ?? lastSeq.current;
        setLines((prev) => [...prev, ...fresh]);
      }
      return snap;
    },
    refetchInterval: (q) => {
      const d = q.state.data;
      if (!d) return 1000;
      return ACTIVE.has(d.status) || d.more ? 1000 : false;
    },
    refetchIntervalInBackground: true,
    gcTime: 0,
  });

  const status = query.data?.status ?? initialStatus;
  const active = ACTIVE.has(status);

  // When the run ends, refresh the server-rendered parts (order status, timeline, executions).
  const wasActive = useRef(ACTIVE.has(initialStatus));
  useEffect(() => {
    if (!query.data) return;
    if (wasActive.current && !ACTIVE.has(query.data.status)) router.refresh();
    wasActive.current = ACTIVE.has(query.data.status);
  }, [query.data, router, ACTIVE]);

  // Follow the end of the output unless the reader scrolled up.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when lines arrive
  useEffect(() => {
    const el = panelRef.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [lines.length]);

  const d = query.data;
  const took = d ? durationBetween(d.startedAt, d.finishedAt, locale) : null;

  return (
    <div className="space-y-2" data-testid="live-output">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <span data-testid={source?.statusTestId ?? "execution-status"} data-status={status}>
          {source ? source.badge(status) : <StatusBadge status={status} />}
        </span>
        {d && !active ? (
          <span className="text-zinc-600">
            {d.exitCode !== null ? (
              <>
                {t("exit_code")} <code className="font-mono">{d.exitCode}</code>
              </>
            ) : null}
            {took ? ` · ${t("took", { duration: took })}` : null}
          </span>
        ) : null}
        {active && d?.cancelRequested ? <span className="text-zinc-500">{t("cancelling")}</span> : null}
        {active && cancel && !d?.cancelRequested ? (
          <ConfirmDialog
            trigger={
              <Button variant="secondary" size="sm" className="ml-auto text-red-600">
                {source?.cancelWords?.cancel ?? t("cancel")}
              </Button>
            }
            title={source?.cancelWords?.title ?? t("cancel_title")}
            description={source?.cancelWords?.description ?? t("cancel_desc")}
            confirmLabel={source?.cancelWords?.cancel ?? t("cancel")}
            danger
            onConfirm={async () => {
              const ok = await cancel();
              if (ok) void query.refetch();
              return ok;
            }}
          />
        ) : null}
      </div>
      {panel ? (
        <div
          ref={panelRef}
          role="log"
          aria-label={t("output")}
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be focusable to scroll it by keyboard
          tabIndex={0}
          onScroll={(e) => {
            const el = e.currentTarget;
            stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          }}
          className="h-80 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed"
        >
          {lines.length === 0 ? (
            <p className="text-zinc-500">
              {status === "queued" || status === "pending"
                ? t("waiting")
                : active
                  ? t("no_output_yet")
                  : t("no_output")}
            </p>
          ) : (
            lines.map((l) => (
              <div key={l.seq} className={cn("whitespace-pre-wrap break-all", STREAM_CLASS[l.stream])}>
                {l.line || "\u00a0"}
              </div>
            ))
          )}
          {active ? (
            <span className="inline-block h-3 w-1.5 animate-pulse bg-zinc-400 align-middle" aria-hidden />
          ) : null}
        </div>
      ) : null}
      {d?.truncated ? <p className="text-xs text-amber-700">{t("truncated")}</p> : null}
      {d?.error ? <p className="text-sm text-red-600">{d.error}</p> : null}
      {query.error ? (
        <p role="alert" className="text-sm text-red-600">
          {t("load_failed", { error: (query.error as Error).message })}
        </p>
      ) : null}
    </div>
  );
}
