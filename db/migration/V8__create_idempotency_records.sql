-- The answer of a write made with an Idempotency-Key, committed in the write's own transaction (issue 10
-- item 5): when the reply is lost after the commit, Redis releases the key (a 5xx is not stored there) and
-- the retry finds this row instead of writing again. Redis stays the fast path for replays and in-progress
-- duplicates; this table is the durable one. key_hash is the SHA-256 of the key; fingerprint of the request.
CREATE TABLE idempotency_records (
  scope        text NOT NULL,
  key_hash     text NOT NULL,
  fingerprint  text NOT NULL,
  status       integer,
  body         jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key_hash)
);
CREATE INDEX idempotency_records_created_idx ON idempotency_records (created_at);
