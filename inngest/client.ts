import "server-only";
import { Inngest } from "inngest";
import { env } from "@/env";
import {
  createTransport,
  dataDirKeys,
  embeddedClientOptions,
  type LocalKeys,
  type Transport,
} from "./embedded/transport";
import { inngestMode } from "./mode";

export { events } from "./events";

/**
 * The Inngest client. External mode: the plain SDK client (it reads INNGEST_* itself). Embedded
 * mode: pointed at the in-process executor through a transport shared on `globalThis` (Next.js may
 * load this module more than once; the executor started by instrumentation and every copy of the
 * client must meet on one transport), with local keys kept in the data dir.
 */
const holder = globalThis as unknown as { __opsdeskInngestEmbedded?: { transport: Transport; keys: LocalKeys } };

export function embeddedWiring(): { transport: Transport; keys: LocalKeys } {
  holder.__opsdeskInngestEmbedded ??= { transport: createTransport(), keys: dataDirKeys(env.OPSDESK_DATA_DIR) };
  return holder.__opsdeskInngestEmbedded;
}

const embedded = inngestMode() === "embedded";

export const inngest = new Inngest({
  id: "opsdesk",
  ...(embedded ? embeddedClientOptions(embeddedWiring().transport, embeddedWiring().keys) : {}),
});
