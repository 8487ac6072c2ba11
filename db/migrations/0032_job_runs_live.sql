CREATE TABLE "job_run_output" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"stream" text NOT NULL,
	"line" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "job_run_output" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "retry_of" uuid;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "buffered" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "runner" text;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "pgid" integer;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "cancel_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_runs" ADD COLUMN "cancel_requested_by" uuid;--> statement-breakpoint
ALTER TABLE "job_versions" ADD COLUMN "parameters" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "jobs" ADD COLUMN "alerts" jsonb DEFAULT '{"channelIds":[],"onFailure":true,"onTimeout":true,"consecutive":0,"onRecovery":true}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "job_run_output" ADD CONSTRAINT "job_run_output_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_run_output" ADD CONSTRAINT "job_run_output_run_id_job_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."job_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "job_run_output_seq_key" ON "job_run_output" USING btree ("run_id","seq");--> statement-breakpoint
CREATE INDEX "job_runs_active_idx" ON "job_runs" USING btree ("created_at") WHERE status in ('pending','running');--> statement-breakpoint
CREATE INDEX "job_runs_schedule_active_idx" ON "job_runs" USING btree ("schedule_id") WHERE status in ('pending','running');--> statement-breakpoint
CREATE POLICY "job_runs_reconciler_read" ON "job_runs" AS PERMISSIVE FOR SELECT TO public USING (current_user <> 'opsdesk_app' and "job_runs"."status" in ('pending','running'));--> statement-breakpoint
CREATE POLICY "job_schedules_scheduler_read" ON "job_schedules" AS PERMISSIVE FOR SELECT TO public USING (current_user <> 'opsdesk_app' and "job_schedules"."enabled");--> statement-breakpoint
CREATE POLICY "job_run_output_tenant_isolation" ON "job_run_output" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);