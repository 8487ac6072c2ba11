-- Emailed approval links and the mail outbox: row-level security holds the table owner too.
ALTER TABLE "approval_links" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "mail_outbox" FORCE ROW LEVEL SECURITY;
