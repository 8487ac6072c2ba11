-- Row-level security holds the table owner too (FORCE), so only the policies decide.
ALTER TABLE "tenants" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "memberships" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "audit_log" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- The audit log is append-only for the app.
REVOKE UPDATE, DELETE, TRUNCATE ON "audit_log" FROM opsdesk_app;
--> statement-breakpoint
-- Hash chain per tenant: serialise inserts per tenant, take the id under the lock so id order is
-- chain order, and link each row to the previous one.
CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev text;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtextextended('audit_log:' || NEW.tenant_id::text, 0));
  NEW.id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  SELECT a.hash INTO prev FROM audit_log a WHERE a.tenant_id = NEW.tenant_id ORDER BY a.id DESC LIMIT 1;
  NEW.prev_hash := prev;
  NEW.hash := encode(sha256(convert_to(concat_ws('|',
    coalesce(prev, ''), NEW.id::text, NEW.tenant_id::text, coalesce(NEW.actor_id::text, ''),
    NEW.action, NEW.target_type, coalesce(NEW.target_id, ''),
    coalesce(NEW.before::text, ''), coalesce(NEW.after::text, ''),
    to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')
  ), 'UTF8')), 'hex');
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_chain BEFORE INSERT ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_chain();
--> statement-breakpoint
-- Exactly one OWNER per tenant: the partial unique index allows at most one; this deferred check
-- (at commit) requires at least one, so an ownership transfer may demote then promote.
CREATE OR REPLACE FUNCTION tenant_requires_owner() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  tid uuid;
BEGIN
  IF TG_TABLE_NAME = 'tenants' THEN tid := NEW.id; ELSE tid := OLD.tenant_id; END IF;
  IF EXISTS (SELECT 1 FROM tenants t WHERE t.id = tid)
     AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = tid AND m.role = 'OWNER') THEN
    RAISE EXCEPTION 'tenant % must have exactly one owner', tid
      USING ERRCODE = '23514', CONSTRAINT = 'tenant_requires_owner';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER memberships_owner_required AFTER UPDATE OF role OR DELETE ON "memberships"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (OLD.role = 'OWNER')
  EXECUTE FUNCTION tenant_requires_owner();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER tenants_owner_required AFTER INSERT ON "tenants"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  EXECUTE FUNCTION tenant_requires_owner();
