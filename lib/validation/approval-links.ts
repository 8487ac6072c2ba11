import { z } from "zod";
import { msg } from "@/lib/i18n/message";
import { zIdempotencyKey } from "./tenancy";
import { zObject, zText } from "./text";

/** The confirm step of an emailed approve/reject link (public: the token is the credential). */
export const ZDecideByLink = zObject({
  token: z.string().min(1, msg("approvals.link_invalid")).max(200, msg("approvals.link_invalid")),
  decision: z.enum(["approve", "reject"], { error: msg("approvals.choose_decision") }),
  comment: zText({ max: 2000, multiline: true }).default(""),
  idempotencyKey: zIdempotencyKey,
});
export type TDecideByLink = z.infer<typeof ZDecideByLink>;
