CREATE TABLE "approval_flow_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid DEFAULT nullif(current_setting('app.tenant_id', true), '')::uuid NOT NULL,
	"flow_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"graph" jsonb NOT NULL,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_by" uuid,
	CONSTRAINT "approval_flow_versions_version_positive" CHECK ("approval_flow_versions"."version" > 0)
);
--> statement-breakpoint
ALTER TABLE "approval_flow_versions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "approval_flows" ADD COLUMN "published_version" integer;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "approval_flow_version_id" uuid;--> statement-breakpoint
ALTER TABLE "work_orders" ADD COLUMN "route" jsonb;--> statement-breakpoint
ALTER TABLE "approval_flow_versions" ADD CONSTRAINT "approval_flow_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_flow_versions" ADD CONSTRAINT "approval_flow_versions_flow_id_approval_flows_id_fk" FOREIGN KEY ("flow_id") REFERENCES "public"."approval_flows"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "approval_flow_versions_flow_version_key" ON "approval_flow_versions" USING btree ("flow_id","version");--> statement-breakpoint
ALTER TABLE "work_orders" ADD CONSTRAINT "work_orders_approval_flow_version_id_approval_flow_versions_id_fk" FOREIGN KEY ("approval_flow_version_id") REFERENCES "public"."approval_flow_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE POLICY "approval_flow_versions_tenant_isolation" ON "approval_flow_versions" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);