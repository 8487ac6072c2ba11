ALTER TABLE "notification_templates" DROP CONSTRAINT "notification_templates_tenant_id_event_format_pk";--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD COLUMN "locale" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_templates" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "default_locale" text DEFAULT 'en' NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_templates" ADD CONSTRAINT "notification_templates_key" UNIQUE NULLS NOT DISTINCT("tenant_id","event","format","locale");--> statement-breakpoint
ALTER TABLE "notification_templates" ADD CONSTRAINT "notification_templates_locale" CHECK ("notification_templates"."locale" in ('en', 'zh-CN'));--> statement-breakpoint
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_default_locale" CHECK ("tenants"."default_locale" in ('en', 'zh-CN'));