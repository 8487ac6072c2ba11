DROP INDEX "approval_tasks_approver_idx";--> statement-breakpoint
DROP INDEX "audit_log_tenant_id_idx";--> statement-breakpoint
DROP INDEX "audit_log_tenant_actor_idx";--> statement-breakpoint
DROP INDEX "audit_log_tenant_action_idx";--> statement-breakpoint
DROP INDEX "inngest_events_tenant_idx";--> statement-breakpoint
DROP INDEX "inngest_runs_tenant_idx";--> statement-breakpoint
DROP INDEX "inngest_runs_function_idx";--> statement-breakpoint
DROP INDEX "wo_executions_tenant_queued_idx";--> statement-breakpoint
DROP INDEX "wo_executions_order_idx";--> statement-breakpoint
DROP INDEX "wo_executions_tenant_status_idx";--> statement-breakpoint
DROP INDEX "wo_executions_tenant_template_idx";--> statement-breakpoint
DROP INDEX "wo_executions_tenant_requester_idx";--> statement-breakpoint
DROP INDEX "work_orders_tenant_created_idx";--> statement-breakpoint
DROP INDEX "work_orders_tenant_requester_idx";--> statement-breakpoint
DROP INDEX "work_orders_tenant_status_idx";--> statement-breakpoint
CREATE INDEX "wo_executions_tenant_env_idx" ON "wo_executions" USING btree ("tenant_id","environment_id","queued_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "approval_tasks_approver_idx" ON "approval_tasks" USING btree ("tenant_id","approver_id","status","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_tenant_id_idx" ON "audit_log" USING btree ("tenant_id","id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_tenant_actor_idx" ON "audit_log" USING btree ("tenant_id","actor_id","id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "audit_log_tenant_action_idx" ON "audit_log" USING btree ("tenant_id","action","id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "inngest_events_tenant_idx" ON "inngest_events" USING btree ("tenant_id","received_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "inngest_runs_tenant_idx" ON "inngest_runs" USING btree ("tenant_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "inngest_runs_function_idx" ON "inngest_runs" USING btree ("app_id","function_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "wo_executions_tenant_queued_idx" ON "wo_executions" USING btree ("tenant_id","queued_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "wo_executions_order_idx" ON "wo_executions" USING btree ("order_id","queued_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "wo_executions_tenant_status_idx" ON "wo_executions" USING btree ("tenant_id","status","queued_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "wo_executions_tenant_template_idx" ON "wo_executions" USING btree ("tenant_id","template_id","queued_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "wo_executions_tenant_requester_idx" ON "wo_executions" USING btree ("tenant_id","requester_id","queued_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "work_orders_tenant_created_idx" ON "work_orders" USING btree ("tenant_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "work_orders_tenant_requester_idx" ON "work_orders" USING btree ("tenant_id","requester_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "work_orders_tenant_status_idx" ON "work_orders" USING btree ("tenant_id","status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);