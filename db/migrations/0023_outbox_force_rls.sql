-- Row-level security holds the owner too: the relay (owner connection) reads and marks rows through
-- the event_outbox_relay_* policies only. tests/integration/foundation/rls-catalog checks every tenant table.
ALTER TABLE "event_outbox" FORCE ROW LEVEL SECURITY;
