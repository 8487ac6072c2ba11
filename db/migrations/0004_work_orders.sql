CREATE TABLE "approval_flows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"graph" jsonb NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "approval_flows" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "approval_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"level" integer,
	"actor_id" uuid,
	"action" text NOT NULL,
	"comment" text,
	"target_user_id" uuid,
	"via" text DEFAULT 'ui' NOT NULL,
	"detail" jsonb,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "approval_records" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "approval_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"level" integer NOT NULL,
	"kind" text NOT NULL,
	"approver_id" uuid NOT NULL,
	"status" text NOT NULL,
	"comment" text,
	"decided_at" timestamp with time zone,
	"decided_via" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_at" timestamp with time zone,
	CONSTRAINT "approval_tasks_status" CHECK ("approval_tasks"."status" in ('pending','approved','rejected','transferred','cancelled','notified'))
);
--> statement-breakpoint
ALTER TABLE "approval_tasks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wo_categories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"sort" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	CONSTRAINT "wo_categories_kind" CHECK ("wo_categories"."kind" in ('environment','purpose'))
);
--> statement-breakpoint
ALTER TABLE "wo_categories" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wo_execution_output" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"execution_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"stream" text NOT NULL,
	"line" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "wo_execution_output" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wo_executions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"executor_id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"command_preview" text NOT NULL,
	"exit_code" integer,
	"error" text,
	"output_lines" integer DEFAULT 0 NOT NULL,
	"output_bytes" integer DEFAULT 0 NOT NULL,
	"truncated" boolean DEFAULT false NOT NULL,
	"cancel_requested_at" timestamp with time zone,
	"queued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"template_id" uuid NOT NULL,
	"environment_id" uuid NOT NULL,
	"requester_id" uuid NOT NULL,
	CONSTRAINT "wo_executions_status" CHECK ("wo_executions"."status" in ('queued','running','succeeded','failed','timed_out','cancelled'))
);
--> statement-breakpoint
ALTER TABLE "wo_executions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wo_template_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"environment_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"command" text NOT NULL,
	"workdir" text,
	"timeout_seconds" integer DEFAULT 600 NOT NULL,
	"submit_roles" text[] DEFAULT '{OWNER,ADMIN,MEMBER}'::text[] NOT NULL,
	"requires_approval" boolean DEFAULT true NOT NULL,
	"approval_flow_id" uuid,
	"four_eyes" boolean DEFAULT false NOT NULL,
	"deploy_window" jsonb,
	"variables" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"internal_variables" text,
	"internal_names" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "wo_template_versions_timeout" CHECK ("wo_template_versions"."timeout_seconds" between 1 and 86400)
);
--> statement-breakpoint
ALTER TABLE "wo_template_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "wo_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"name" text NOT NULL,
	"environment_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "wo_templates" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE TABLE "work_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"number" bigserial NOT NULL,
	"title" text NOT NULL,
	"template_id" uuid NOT NULL,
	"template_version_id" uuid NOT NULL,
	"environment_id" uuid NOT NULL,
	"purpose_id" uuid NOT NULL,
	"requester_id" uuid NOT NULL,
	"values" jsonb NOT NULL,
	"command_preview" text NOT NULL,
	"status" text NOT NULL,
	"current_level" integer,
	"flow" jsonb,
	"last_execution_status" text,
	"last_urged_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	CONSTRAINT "work_orders_status" CHECK ("work_orders"."status" in ('pending','approved','rejected','withdrawn','expired'))
);
--> statement-breakpoint
ALTER TABLE "work_orders" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "approval_flows" ADD CONSTRAINT "approval_flows_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_records" ADD CONSTRAINT "approval_records_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_tasks" ADD CONSTRAINT "approval_tasks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wo_categories" ADD CONSTRAINT "wo_categories_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wo_execution_output" ADD CONSTRAINT "wo_execution_output_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wo_execution_output" ADD CONSTRAINT "wo_execution_output_execution_id_wo_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."wo_executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wo_executions" ADD CONSTRAINT "wo_executions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wo_executions" ADD CONSTRAINT "wo_executions_order_id_work_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."work_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wo_template_versions" ADD CONSTRAINT "wo_template_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wo_template_versions" ADD CONSTRAINT "wo_template_versions_template_id_wo_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."wo_templates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wo_template_versions" ADD CONSTRAINT "wo_template_versions_environment_id_wo_categories_id_fk" FOREIGN KEY ("environment_id") REFERENCES "public"."wo_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wo_template_versions" ADD CONSTRAINT "wo_template_versions_purpose_id_wo_categories_id_fk" FOREIGN KEY ("purpose_id") REFERENCES "public"."wo_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wo_template_versions" ADD CONSTRAINT "wo_template_versions_approval_flow_id_approval_flows_id_fk" FOREIGN KEY ("approval_flow_id") REFERENCES "public"."approval_flows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wo_templates" ADD CONSTRAINT "wo_templates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_template_id_wo_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."wo_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_template_version_id_wo_template_versions_id_fk" FOREIGN KEY ("template_version_id") REFERENCES "public"."wo_template_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approval_flows_name_key" ON "approval_flows" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
CREATE INDEX "approval_records_order_idx" ON "approval_records" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE INDEX "approval_tasks_order_idx" ON "approval_tasks" USING btree ("order_id","level");--> statement-breakpoint
CREATE INDEX "approval_tasks_approver_idx" ON "approval_tasks" USING btree ("tenant_id","approver_id","status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "approval_tasks_one_pending" ON "approval_tasks" USING btree ("order_id","level","approver_id") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "wo_categories_name_key" ON "wo_categories" USING btree ("tenant_id","kind",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "wo_execution_output_seq_key" ON "wo_execution_output" USING btree ("execution_id","seq");--> statement-breakpoint
CREATE INDEX "wo_executions_tenant_queued_idx" ON "wo_executions" USING btree ("tenant_id","queued_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "wo_executions_order_idx" ON "wo_executions" USING btree ("order_id","queued_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "wo_executions_tenant_status_idx" ON "wo_executions" USING btree ("tenant_id","status","queued_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "wo_executions_tenant_template_idx" ON "wo_executions" USING btree ("tenant_id","template_id","queued_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "wo_executions_tenant_requester_idx" ON "wo_executions" USING btree ("tenant_id","requester_id","queued_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "wo_template_versions_key" ON "wo_template_versions" USING btree ("template_id","version");--> statement-breakpoint
CREATE INDEX "wo_templates_tenant_env_idx" ON "wo_templates" USING btree ("tenant_id","environment_id","purpose_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_orders_tenant_number_key" ON "work_orders" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE INDEX "work_orders_tenant_created_idx" ON "work_orders" USING btree ("tenant_id","created_at" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "work_orders_tenant_requester_idx" ON "work_orders" USING btree ("tenant_id","requester_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "work_orders_tenant_status_idx" ON "work_orders" USING btree ("tenant_id","status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE POLICY "approval_flows_tenant_isolation" ON "approval_flows" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "approval_records_tenant_isolation" ON "approval_records" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "approval_tasks_tenant_isolation" ON "approval_tasks" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "wo_categories_tenant_isolation" ON "wo_categories" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "wo_execution_output_tenant_isolation" ON "wo_execution_output" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "wo_executions_tenant_isolation" ON "wo_executions" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "wo_template_versions_tenant_isolation" ON "wo_template_versions" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "wo_templates_tenant_isolation" ON "wo_templates" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE POLICY "work_orders_tenant_isolation" ON "work_orders" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);