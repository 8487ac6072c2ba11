-- Work-order and approval tables: row-level security holds the table owner too.
ALTER TABLE "wo_categories" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "wo_templates" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "wo_template_versions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "work_orders" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "wo_executions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "wo_execution_output" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "approval_flows" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "approval_tasks" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "approval_records" FORCE ROW LEVEL SECURITY;
