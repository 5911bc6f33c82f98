-- The outbox is delivered (issue 12). A dispatcher claims a few due rows at a time with FOR UPDATE SKIP
-- LOCKED and writes a lease (lease_until) and a fresh claim_token on them; any number of processes can
-- dispatch from one database: a claimed row is skipped until its lease expires (the claimer died
-- mid-send), and only the holder of the current claim_token can record the outcome.
ALTER TABLE outbox
  ADD COLUMN claim_token          uuid,
  ADD COLUMN lease_until          timestamptz,
  ADD COLUMN last_error_code      text CHECK (length(last_error_code) <= 64),
  -- Jobs that enqueue (reminders: appointment, offset, start, channel) make their rows once with this key.
  ADD COLUMN dedupe_key           text CHECK (length(dedupe_key) <= 200),
  -- The transport's id of the sent message (Twilio's message SID), for its status callbacks.
  ADD COLUMN provider_message_id  text CHECK (length(provider_message_id) <= 64),
  ADD COLUMN delivered_at         timestamptz,
  ADD COLUMN updated_at           timestamptz NOT NULL DEFAULT now();
CREATE UNIQUE INDEX outbox_dedupe_key_idx ON outbox (dedupe_key) WHERE dedupe_key IS NOT NULL;
CREATE UNIQUE INDEX outbox_provider_message_idx ON outbox (provider_message_id) WHERE provider_message_id IS NOT NULL;
-- GET /notifications: a user's messages, newest first.
CREATE INDEX outbox_user_created_idx ON outbox (user_id, created_at DESC, id DESC);
CREATE INDEX outbox_dead_idx ON outbox (created_at DESC, id DESC) WHERE status IN ('dead', 'failed');

-- Every attempt, whatever its outcome (the outbox row keeps only the latest state).
CREATE TABLE outbox_attempts (
  outbox_id   uuid NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
  attempt     integer NOT NULL CHECK (attempt >= 1),
  at          timestamptz NOT NULL DEFAULT now(),
  outcome     text NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed', 'dead')),
  error_code  text CHECK (length(error_code) <= 64),
  PRIMARY KEY (outbox_id, attempt)
);

-- Phone numbers that texted STOP (until START): honoured before every SMS, whoever the number belongs to.
CREATE TABLE sms_opt_outs (
  phone         text PRIMARY KEY CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  opted_out_at  timestamptz NOT NULL DEFAULT now()
);
