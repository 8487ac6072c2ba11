import { randomUUID } from "node:crypto";
import { renderStored } from "@/lib/i18n/translate";
import type { JobCall } from "@/lib/jobs/call/types";
import type { JobConfig } from "@/lib/jobs/catalog";
import { ZJobConfig } from "@/lib/validation/jobs";
import type { OutputLine } from "@/lib/work-orders/run-command";

/** A call as a run makes it: the config through the job schema (defaults filled in), output collected. */
export function jobCall(config: Record<string, unknown>, extra: Partial<JobCall> = {}) {
  const lines: OutputLine[] = [];
  const call: JobCall = {
    runId: randomUUID(),
    tenantId: randomUUID(),
    config: ZJobConfig.parse(config) as JobConfig,
    params: {},
    secrets: {},
    datasource: null,
    timeoutMs: 60_000,
    onOutput: async (batch, firstSeq) => {
      batch.forEach((line, i) => {
        lines[firstSeq + i] = line;
      });
    },
    shouldCancel: async () => false,
    ...extra,
  };
  return { call, lines };
}

/** True once `ms` have passed since the call: a shouldCancel that says yes after a while. */
export function cancelAfter(ms: number): () => Promise<boolean> {
  const at = Date.now() + ms;
  return async () => Date.now() >= at;
}

/** An outcome's error as an English reader sees it. */
export const shown = (error: string | null) => (error === null ? null : renderStored("en", error));
