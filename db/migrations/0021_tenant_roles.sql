CREATE TABLE "tenant_roles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"permissions" text[] DEFAULT '{}'::text[] NOT NULL,
	"builtin" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	"updated_by" uuid,
	CONSTRAINT "tenant_roles_key_shape" CHECK (("tenant_roles"."builtin" and "tenant_roles"."key" in ('OWNER','ADMIN','MEMBER','VIEWER')) or (not "tenant_roles"."builtin" and "tenant_roles"."key" ~ '^[a-z][a-z0-9-]{0,39}$'))
);
--> statement-breakpoint
ALTER TABLE "tenant_roles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "invitations" DROP CONSTRAINT "invitations_role_invitable";--> statement-breakpoint
ALTER TABLE "memberships" DROP CONSTRAINT "memberships_role_known";--> statement-breakpoint
ALTER TABLE "tenant_roles" ADD CONSTRAINT "tenant_roles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_roles_key" ON "tenant_roles" USING btree ("tenant_id","key");--> statement-breakpoint
CREATE UNIQUE INDEX "tenant_roles_name" ON "tenant_roles" USING btree ("tenant_id",lower("name"));--> statement-breakpoint
-- Row-level security holds the table owner too; every existing tenant gets the four built-in roles.
ALTER TABLE "tenant_roles" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
INSERT INTO "tenant_roles" ("tenant_id", "key", "name", "builtin")
SELECT t.id, r.key, r.name, true
FROM "tenants" t
CROSS JOIN (VALUES ('OWNER', 'Owner'), ('ADMIN', 'Admin'), ('MEMBER', 'Member'), ('VIEWER', 'Viewer')) AS r(key, name);--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_role_fk" FOREIGN KEY ("tenant_id","role") REFERENCES "public"."tenant_roles"("tenant_id","key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_role_fk" FOREIGN KEY ("tenant_id","role") REFERENCES "public"."tenant_roles"("tenant_id","key") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_role_invitable" CHECK ("invitations"."role" <> 'OWNER');--> statement-breakpoint
CREATE POLICY "tenant_roles_tenant_isolation" ON "tenant_roles" AS PERMISSIVE FOR ALL TO "opsdesk_app" USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);