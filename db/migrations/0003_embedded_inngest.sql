CREATE TABLE "inngest_events" (
	"app_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"data" jsonb NOT NULL,
	"ts" bigint NOT NULL,
	"tenant_id" uuid,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inngest_events_app_id_id_pk" PRIMARY KEY("app_id","id")
);
--> statement-breakpoint
ALTER TABLE "inngest_events" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "inngest_functions" (
	"app_id" text NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"config" jsonb NOT NULL,
	"url" text NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inngest_functions_app_id_id_pk" PRIMARY KEY("app_id","id")
);
--> statement-breakpoint
ALTER TABLE "inngest_functions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "inngest_leases" (
	"app_id" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "inngest_leases" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "inngest_queue" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"app_id" text NOT NULL,
	"key" text NOT NULL,
	"kind" text NOT NULL,
	"run_id" text,
	"step_id" text,
	"attempt" integer DEFAULT 0 NOT NULL,
	"fire_at" timestamp with time zone,
	"event_name" text,
	"data" jsonb,
	"tenant_id" uuid
);
--> statement-breakpoint
ALTER TABLE "inngest_queue" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "inngest_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"app_id" text NOT NULL,
	"function_id" text NOT NULL,
	"function_name" text NOT NULL,
	"tenant_id" uuid,
	"status" text NOT NULL,
	"event_id" text,
	"event_name" text NOT NULL,
	"event" jsonb NOT NULL,
	"output" jsonb,
	"error" jsonb,
	"attempt" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer NOT NULL,
	"parent_run_id" text,
	"parent_step_id" text,
	"rerun_of" text,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "inngest_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "inngest_steps" (
	"run_id" text NOT NULL,
	"id" text NOT NULL,
	"tenant_id" uuid,
	"name" text NOT NULL,
	"op" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"data" jsonb,
	"error" jsonb,
	"seq" integer,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "inngest_steps_run_id_id_pk" PRIMARY KEY("run_id","id")
);
--> statement-breakpoint
ALTER TABLE "inngest_steps" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE INDEX "inngest_events_tenant_idx" ON "inngest_events" USING btree ("tenant_id","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "inngest_queue_key_idx" ON "inngest_queue" USING btree ("app_id","key");--> statement-breakpoint
CREATE INDEX "inngest_queue_fire_idx" ON "inngest_queue" USING btree ("app_id","fire_at");--> statement-breakpoint
CREATE INDEX "inngest_queue_wait_idx" ON "inngest_queue" USING btree ("app_id","event_name");--> statement-breakpoint
CREATE INDEX "inngest_queue_run_idx" ON "inngest_queue" USING btree ("run_id");--> statement-breakpoint
CREATE INDEX "inngest_runs_app_status_idx" ON "inngest_runs" USING btree ("app_id","status");--> statement-breakpoint
CREATE INDEX "inngest_runs_tenant_idx" ON "inngest_runs" USING btree ("tenant_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "inngest_runs_function_idx" ON "inngest_runs" USING btree ("app_id","function_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "inngest_steps_tenant_idx" ON "inngest_steps" USING btree ("tenant_id");--> statement-breakpoint
CREATE POLICY "inngest_events_tenant_read" ON "inngest_events" AS PERMISSIVE FOR SELECT TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "inngest_runs_tenant_read" ON "inngest_runs" AS PERMISSIVE FOR SELECT TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "inngest_steps_tenant_read" ON "inngest_steps" AS PERMISSIVE FOR SELECT TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);