"use server";

import { decideByLink } from "@/lib/approvals/decide-by-link";
import { actionClient } from "@/lib/safe-action";
import { requestMeta } from "@/lib/session";
import { ZDecideByLink } from "@/lib/validation/approval-links";

/**
 * Public: the emailed token is the credential; it is checked again inside the decision. Answers
 * what the decision did, for the page to say: the order approved, rejected, moved on to its next
 * level (numbered from 1, with its name), or still waiting on this level's other approvers.
 */
export const decideByLinkAction = actionClient.inputSchema(ZDecideByLink).action(async ({ parsedInput }) => {
  const result = await decideByLink(parsedInput, await requestMeta());
  return {
    decision: parsedInput.decision,
    outcome: result.outcome,
    nextLevel: result.nextLevel ? { number: result.nextLevel.index + 1, name: result.nextLevel.name } : null,
  };
});
