import "server-only";
import { eq } from "drizzle-orm";
import { approvalLinks } from "@/db/schema";
import { withTenant } from "@/db/tenant";
import type { Locale } from "@/lib/i18n/locales";
import { hashSecret, localeOf, parseLinkToken } from "./approval-links";

/** The emailed link's page: `/approve/<token>` (its confirm step posts to the same path). */
const LINK_PATH = /^\/approve\/([^/?#]+)/;

/**
 * The language of the person an emailed link was sent to (their users.locale), when `path` is the
 * link's page and the token names a link, whatever its state (a dead link's page speaks it too);
 * null otherwise, so the reader's own language applies. Only reads.
 */
export async function linkRecipientLocale(path: string | null | undefined): Promise<Locale | null> {
  const token = path ? LINK_PATH.exec(path)?.[1] : undefined;
  const parsed = token ? parseLinkToken(decodeURIComponent(token)) : null;
  if (!parsed) return null;
  return withTenant({ tenantId: parsed.tenantId, userId: null }, async (tx) => {
    const [link] = await tx
      .select({ approverId: approvalLinks.approverId })
      .from(approvalLinks)
      .where(eq(approvalLinks.tokenHash, hashSecret(parsed.secret)));
    return link ? localeOf(tx, link.approverId) : null;
  });
}
