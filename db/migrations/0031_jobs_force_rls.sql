-- Jobs: row-level security holds the table owner too, and a job's versions are immutable (the app
-- role may only insert and read them; each run names the version it ran).
ALTER TABLE "datasources" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "jobs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "job_versions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "job_schedules" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "job_runs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON "job_versions" FROM opsdesk_app;
