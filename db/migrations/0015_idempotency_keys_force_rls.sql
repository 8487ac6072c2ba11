-- Idempotency keys: row-level security (own keys in the door's tenant) holds the table owner too.
ALTER TABLE "idempotency_keys" FORCE ROW LEVEL SECURITY;
