CREATE TABLE "flow_run_nodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempt" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"runner" text,
	"heartbeat_at" timestamp with time zone,
	"pgid" integer,
	"warned" boolean DEFAULT false NOT NULL,
	"output" jsonb,
	"error" text,
	"job_run_id" uuid,
	"reused_from" uuid,
	CONSTRAINT "flow_run_nodes_status" CHECK ("flow_run_nodes"."status" in ('pending','running','waiting','success','failed','timeout','skipped','cancelled','reused'))
);
--> statement-breakpoint
ALTER TABLE "flow_run_nodes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "flow_run_output" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"run_node_id" uuid NOT NULL,
	"attempt" integer DEFAULT 1 NOT NULL,
	"seq" integer NOT NULL,
	"stream" text NOT NULL,
	"line" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "flow_run_output" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "flow_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"flow_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"trigger_type" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rerun_of" uuid,
	"rerun_mode" text,
	"rerun_from" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"cancel_requested_at" timestamp with time zone,
	"cancel_requested_by" uuid,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "flow_runs_status" CHECK ("flow_runs"."status" in ('pending','running','success','failed','partial','cancelled')),
	CONSTRAINT "flow_runs_trigger" CHECK ("flow_runs"."trigger_type" in ('manual','cron','rerun'))
);
--> statement-breakpoint
ALTER TABLE "flow_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "job_flow_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"flow_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"graph" jsonb NOT NULL,
	"parameters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"parallelism" integer NOT NULL,
	"timeout_ms" integer,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	CONSTRAINT "job_flow_versions_flow_version_key" UNIQUE("tenant_id","flow_id","version"),
	CONSTRAINT "job_flow_versions_version_positive" CHECK ("job_flow_versions"."version" > 0)
);
--> statement-breakpoint
ALTER TABLE "job_flow_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "job_flows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"graph" jsonb NOT NULL,
	"parameters" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"parallelism" integer DEFAULT 4 NOT NULL,
	"timeout_ms" integer,
	"published_version" integer,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	CONSTRAINT "job_flows_parallelism" CHECK ("job_flows"."parallelism" between 1 and 50)
);
--> statement-breakpoint
ALTER TABLE "job_flows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "flow_run_nodes" ADD CONSTRAINT "flow_run_nodes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_run_nodes" ADD CONSTRAINT "flow_run_nodes_run_id_flow_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."flow_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_run_output" ADD CONSTRAINT "flow_run_output_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_run_output" ADD CONSTRAINT "flow_run_output_run_node_id_flow_run_nodes_id_fk" FOREIGN KEY ("run_node_id") REFERENCES "public"."flow_run_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_runs" ADD CONSTRAINT "flow_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_runs" ADD CONSTRAINT "flow_runs_version_fk" FOREIGN KEY ("tenant_id","flow_id","version") REFERENCES "public"."job_flow_versions"("tenant_id","flow_id","version") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_flow_versions" ADD CONSTRAINT "job_flow_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_flow_versions" ADD CONSTRAINT "job_flow_versions_flow_id_job_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."job_flows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_flows" ADD CONSTRAINT "job_flows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "flow_run_nodes_run_node_key" ON "flow_run_nodes" USING btree ("run_id","node_id");--> statement-breakpoint
CREATE INDEX "flow_run_nodes_live_idx" ON "flow_run_nodes" USING btree ("heartbeat_at") WHERE status = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "flow_run_output_seq_key" ON "flow_run_output" USING btree ("run_node_id","attempt","seq");--> statement-breakpoint
CREATE INDEX "flow_runs_flow_idx" ON "flow_runs" USING btree ("flow_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "flow_runs_active_idx" ON "flow_runs" USING btree ("created_at") WHERE status in ('pending','running');--> statement-breakpoint
CREATE UNIQUE INDEX "job_flows_name_key" ON "job_flows" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE POLICY "flow_run_nodes_tenant_isolation" ON "flow_run_nodes" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "flow_run_output_tenant_isolation" ON "flow_run_output" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "flow_runs_tenant_isolation" ON "flow_runs" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "job_flow_versions_tenant_isolation" ON "job_flow_versions" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "job_flows_tenant_isolation" ON "job_flows" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);