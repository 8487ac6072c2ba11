-- Job flows: row-level security holds the table owner too, and published versions are immutable
-- (the app role may only insert and read them).
ALTER TABLE "job_flows" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "job_flow_versions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "flow_runs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "flow_run_nodes" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "flow_run_output" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON "job_flow_versions" FROM opsdesk_app;
