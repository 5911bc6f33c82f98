-- The audit log: who touched which patient data, when, and with what outcome.
-- Append-only (triggers refuse UPDATE, DELETE and TRUNCATE for every role, the owner included) and
-- tamper-evident: each row carries SHA-256(prev_hash || canonical row encoding), chained per `chain`.
-- Several chains (K = 8) let concurrent writer batches lock different chain heads instead of queueing
-- on one. No foreign keys: an audit row must outlive the user it names and must never block, or be
-- blocked by, writes elsewhere.

CREATE TABLE audit_events (
  id            uuid        PRIMARY KEY,
  at            timestamptz NOT NULL,
  actor_id      uuid,
  actor_role    text,
  action        text        NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
  resource_type text,
  resource_id   text,
  patient_id    uuid,
  outcome       text        NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
  ip            text,
  user_agent    text,
  request_id    text,
  chain         smallint    NOT NULL,
  chain_seq     bigint      NOT NULL CHECK (chain_seq >= 1),
  prev_hash     bytea       NOT NULL CHECK (length(prev_hash) = 32),
  hash          bytea       NOT NULL CHECK (length(hash) = 32),
  CONSTRAINT audit_events_chain_seq_key UNIQUE (chain, chain_seq)
);

-- Filters of GET /audit-events; every list is keyset-paged on (at, id).
CREATE INDEX audit_events_patient_at_idx ON audit_events (patient_id, at, id);
CREATE INDEX audit_events_actor_at_idx ON audit_events (actor_id, at, id);
CREATE INDEX audit_events_at_idx ON audit_events (at, id);
CREATE INDEX audit_events_action_at_idx ON audit_events (action, at, id);

-- The last link of each chain. A writer batch locks one row FOR UPDATE, appends after it and moves it.
CREATE TABLE audit_chain_heads (
  chain smallint PRIMARY KEY,
  seq   bigint   NOT NULL CHECK (seq >= 0),
  hash  bytea    NOT NULL CHECK (length(hash) = 32)
);

-- Genesis: every chain starts from 32 zero bytes.
INSERT INTO audit_chain_heads (chain, seq, hash)
SELECT g, 0, decode(repeat('00', 32), 'hex') FROM generate_series(0, 7) AS g;

CREATE FUNCTION audit_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit events can only be inserted.';
END;
$$;

CREATE TRIGGER audit_events_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();

CREATE TRIGGER audit_events_no_truncate
  BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change();

-- Heads only move forward; removing one would let a chain silently restart from genesis.
CREATE FUNCTION audit_chain_heads_forward_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.chain = OLD.chain AND NEW.seq >= OLD.seq THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_chain_heads only move forward: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_chain_heads_guard
  BEFORE UPDATE OR DELETE ON audit_chain_heads
  FOR EACH ROW EXECUTE FUNCTION audit_chain_heads_forward_only();

CREATE TRIGGER audit_chain_heads_no_truncate
  BEFORE TRUNCATE ON audit_chain_heads
  FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_heads_forward_only();
