import "server-only";
import { env } from "@/env";

/**
 * The dev Mail page (the outbox as a mailbox) exists outside production, and in production only
 * while no SMTP server is configured (the embedded default), so the emailed-link flow works on a
 * fresh machine. Each member sees only mail addressed to them: an approval email carries links
 * that act as its recipient.
 */
export function mailPageEnabled(): boolean {
  return env.NODE_ENV !== "production" || !env.SMTP_URL;
}
