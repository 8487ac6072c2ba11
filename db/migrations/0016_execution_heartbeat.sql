ALTER TABLE "wo_executions" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "wo_executions" ADD COLUMN "pgid" integer;--> statement-breakpoint
ALTER TABLE "wo_executions" ADD COLUMN "runner" text;--> statement-breakpoint
CREATE INDEX "wo_executions_active_idx" ON "wo_executions" USING btree ("queued_at") WHERE status in ('queued','running');--> statement-breakpoint
CREATE POLICY "wo_executions_reconciler_read" ON "wo_executions" AS PERMISSIVE FOR SELECT TO public USING (current_user <> 'opsdesk_app' and "wo_executions"."status" in ('queued','running'));