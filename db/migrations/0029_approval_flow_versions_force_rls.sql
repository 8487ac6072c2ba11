-- Approval flow versions: every flow saved before versions existed becomes version 1, published,
-- as it is (its chain from the form editor); then row-level security holds the table owner too,
-- and the app role may only insert and read versions (they are immutable). The copy reads
-- approval_flows with FORCE lifted for a moment, so a migrator that owns the tables without being
-- a superuser sees every tenant's flows.
ALTER TABLE "approval_flows" NO FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
INSERT INTO "approval_flow_versions" ("tenant_id", "flow_id", "version", "graph", "published_at", "published_by")
SELECT "tenant_id", "id", 1, "graph", "updated_at", "updated_by" FROM "approval_flows";
--> statement-breakpoint
UPDATE "approval_flows" SET "published_version" = 1;
--> statement-breakpoint
ALTER TABLE "approval_flows" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "approval_flow_versions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON "approval_flow_versions" FROM opsdesk_app;
