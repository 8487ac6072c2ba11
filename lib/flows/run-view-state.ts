import "server-only";
import type { FlowRunState } from "@/components/flows/run-view";
import type { FlowRunDetail } from "@/db/queries/flows";
import type { Locale } from "@/lib/i18n/locales";
import { renderStored } from "@/lib/i18n/translate";

/** A run and its nodes as the live view reads them (first render and every poll): errors in the reader's language. */
export function flowRunState(detail: FlowRunDetail, locale: Locale): FlowRunState {
  const text = (s: string | null) => (s === null ? null : renderStored(locale, s));
  return {
    status: detail.run.status,
    error: text(detail.run.error),
    startedAt: detail.run.startedAt?.toISOString() ?? null,
    finishedAt: detail.run.finishedAt?.toISOString() ?? null,
    nodes: detail.nodes.map((n) => ({
      id: n.id,
      nodeId: n.nodeId,
      status: n.status,
      attempt: n.attempt,
      warned: n.warned,
      startedAt: n.startedAt?.toISOString() ?? null,
      finishedAt: n.finishedAt?.toISOString() ?? null,
      output: n.output ?? null,
      error: text(n.error),
      jobRunId: n.jobRunId,
      reused: n.reusedFrom !== null,
    })),
  };
}
