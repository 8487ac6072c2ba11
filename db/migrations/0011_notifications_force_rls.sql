-- Notification tables: row-level security holds the table owner too.
ALTER TABLE "notification_channels" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "notification_templates" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "notification_preferences" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "notification_mutes" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "notification_deliveries" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "in_app_notifications" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- Every tenant has the built-in Email and In-app channels (new tenants get them at creation).
-- The migration runs as the owner, which FORCE holds to the policy: set each tenant's context.
DO $$
DECLARE t uuid;
BEGIN
  FOR t IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', t::text, true);
    INSERT INTO notification_channels (tenant_id, name, kind) VALUES (t, 'Email', 'email'), (t, 'In-app', 'in_app');
  END LOOP;
  PERFORM set_config('app.tenant_id', '', true);
END $$;
