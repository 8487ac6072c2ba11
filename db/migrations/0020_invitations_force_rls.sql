-- Invitations: row-level security (the door's tenant only) holds the table owner too.
ALTER TABLE "invitations" FORCE ROW LEVEL SECURITY;
