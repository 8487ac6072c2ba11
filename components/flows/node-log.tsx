"use client";

import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { failureOf } from "@/components/ui/action-toast";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";

// biome-ignore lint/suspicious/noExplicitAny: a safe action; the result shape is what is read
type AnyAction = (input: any) => Promise<any>;
type Line = { seq: number; stream: "stdout" | "stderr" | "system"; line: string };
type Page = { attempt: number; earlier: boolean; lines: Line[] };

const STREAM_CLASS: Record<Line["stream"], string> = {
  stdout: "text-zinc-100",
  stderr: "text-red-300",
  system: "text-indigo-300 italic",
};

/**
 * An inline node's log: the live tail (its last 1,000 lines, polled every second while the node
 * runs), earlier pages of 1,000 on demand (one page shown at a time, so the page never holds more
 * than about 1 MB), and the whole log as a download.
 */
export function NodeLog({
  tenant,
  runNodeId,
  live,
  downloadHref,
  log,
}: {
  tenant: string;
  runNodeId: string;
  live: boolean;
  downloadHref: string;
  log: AnyAction;
}) {
  const t = useTranslations("flows.run");
  /** Null: the live tail; else the seq the shown page ends before. */
  const [before, setBefore] = useState<number | null>(null);
  const query = useQuery({
    queryKey: ["flow-node-log", tenant, runNodeId, before],
    queryFn: async (): Promise<Page> => {
      const res = await log({ tenant, runNodeId, before: before ?? undefined });
      const failure = failureOf(res);
      if (failure !== null || !res?.data) throw new Error(failure ?? "no data");
      return res.data as Page;
    },
    refetchInterval: before === null && live ? 1000 : false,
  });
  const page = query.data;
  const box = useRef<HTMLPreElement>(null);
  const count = page?.lines.length ?? 0;
  // The tail follows the end as lines arrive.
  useEffect(() => {
    if (before === null && count > 0 && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [before, count]);
  const first = page?.lines[0]?.seq;
  return (
    <div className="space-y-2" data-testid="node-log">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-medium text-zinc-700">
          {page ? t("log_title", { attempt: page.attempt }) : t("log")}
        </h3>
        {page?.earlier && first !== undefined ? (
          <Button size="sm" variant="secondary" onClick={() => setBefore(first)} data-testid="log-earlier">
            {t("log_earlier")}
          </Button>
        ) : null}
        {before !== null ? (
          <Button size="sm" variant="secondary" onClick={() => setBefore(null)}>
            {t("log_tail")}
          </Button>
        ) : null}
        <a href={downloadHref} className="text-sm text-indigo-600 hover:underline" data-testid="log-download">
          {t("log_download")}
        </a>
      </div>
      {query.isError ? (
        <p role="alert" className="text-sm text-red-600">
          {query.error.message}
        </p>
      ) : !page ? (
        <p className="text-sm text-zinc-500">{t("log_loading")}</p>
      ) : page.lines.length === 0 ? (
        <p className="text-sm text-zinc-500">{t("log_empty")}</p>
      ) : (
        <pre
          ref={box}
          className="max-h-96 overflow-auto rounded-md bg-zinc-900 p-3 font-mono text-xs leading-relaxed"
          data-testid="node-log-lines"
        >
          {page.lines.map((l) => (
            <div key={l.seq} className={cn("whitespace-pre-wrap break-all", STREAM_CLASS[l.stream])}>
              {l.line}
            </div>
          ))}
        </pre>
      )}
    </div>
  );
}
