import { z } from "zod";
import { zIdempotencyKey } from "./tenancy";
import { zObject, zText } from "./text";

/** The confirm step of an emailed approve/reject link (public: the token is the credential). */
export const ZDecideByLink = zObject({
  token: z.string().min(1, "This link is not valid.").max(200, "This link is not valid."),
  decision: z.enum(["approve", "reject"], { error: "Choose approve or reject." }),
  comment: zText({ max: 2000, multiline: true }).default(""),
  idempotencyKey: zIdempotencyKey,
});
export type TDecideByLink = z.infer<typeof ZDecideByLink>;
