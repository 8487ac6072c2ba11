import "server-only";
import { serve } from "inngest/next";
import { inngest } from "./client";
import { functions } from "./functions";
import { inngestMode } from "./mode";

/**
 * The serve handler behind /api/inngest. In embedded mode the client is in "cloud" mode with a
 * local signing key, so every call (run, sync, introspection) must be signed with it: only the
 * in-process executor can drive it. External mode: the SDK's defaults, nothing of ours.
 */
export const inngestHandler = serve({
  client: inngest,
  functions,
  ...(inngestMode() === "embedded" ? { enableUnauthedSync: false } : {}),
});
