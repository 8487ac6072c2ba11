import { z } from "zod";

/** The confirm step of an emailed approve/reject link (public: the token is the credential). */
export const ZDecideByLink = z.object({
  token: z.string().min(1).max(200),
  decision: z.enum(["approve", "reject"]),
  comment: z.string().trim().max(2000, "At most 2000 characters.").default(""),
});
export type TDecideByLink = z.infer<typeof ZDecideByLink>;
