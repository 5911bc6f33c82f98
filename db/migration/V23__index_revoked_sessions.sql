-- Revoked sessions by when they were revoked: every HTTP verticle reloads those of the last access-token
-- lifetime from here when its Redis subscription is (re)established (Redis may have lost them), so the
-- reload reads a few index entries instead of the whole sessions table.
CREATE INDEX sessions_revoked_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
