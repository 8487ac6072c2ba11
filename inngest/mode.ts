import "server-only";
import { env } from "@/env";

export type InngestMode = "embedded" | "external";

/**
 * Where background work runs. `INNGEST_MODE` wins; otherwise a configured Inngest server
 * (INNGEST_BASE_URL or INNGEST_EVENT_KEY) means external, and a bare checkout means embedded.
 */
export function inngestMode(): InngestMode {
  if (env.INNGEST_MODE) return env.INNGEST_MODE;
  return env.INNGEST_BASE_URL || env.INNGEST_EVENT_KEY ? "external" : "embedded";
}
