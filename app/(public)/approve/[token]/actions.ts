"use server";

import { decideByLink } from "@/lib/approvals/decide-by-link";
import { actionClient } from "@/lib/safe-action";
import { requestMeta } from "@/lib/session";
import { ZDecideByLink } from "@/lib/validation/approval-links";

/** Public: the emailed token is the credential; it is checked again inside the decision. */
export const decideByLinkAction = actionClient.inputSchema(ZDecideByLink).action(async ({ parsedInput }) => {
  const result = await decideByLink(parsedInput, await requestMeta());
  return { status: result.status, decision: parsedInput.decision };
});
