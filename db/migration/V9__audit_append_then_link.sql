-- Append first, link after (issue 11). An audit row is durable with its INSERT alone: the writer (or the
-- write's own transaction) inserts it with its chain but without chain_seq, prev_hash and hash, and takes
-- no lock. A linker per chain then locks the chain head, links the chain's unlinked rows in order and
-- moves the head, so only linkers ever wait on a head, never a request.
--
-- Every existing row stays as it is (linked, valid); the old write path (head lock, insert linked, move
-- head) also stays correct beside linkers, because both take the head lock first.

ALTER TABLE audit_events
  ALTER COLUMN chain_seq DROP NOT NULL,
  ALTER COLUMN prev_hash DROP NOT NULL,
  ALTER COLUMN hash DROP NOT NULL,
  -- A row is either unlinked (all three null) or linked (all three set), never half.
  ADD CONSTRAINT audit_events_link_complete
    CHECK ((chain_seq IS NULL) = (prev_hash IS NULL) AND (chain_seq IS NULL) = (hash IS NULL)),
  -- A chain without a head would never be linked.
  ADD CONSTRAINT audit_events_chain_known CHECK (chain BETWEEN 0 AND 7);

-- What the linkers read: a chain's rows not linked yet, in the order they are linked. Small (rows stay
-- in it for milliseconds), and what the periodic sweep probes.
CREATE INDEX audit_events_unlinked_idx ON audit_events (chain, at, id) WHERE chain_seq IS NULL;

-- Still append-only, with one exception: the linker sets the links of an unlinked row, once. Any other
-- change, including to the links of a linked row, is refused as before, for every role.
CREATE FUNCTION audit_events_link_once() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.chain_seq IS NULL AND NEW.chain_seq IS NOT NULL
     AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_role, NEW.action, NEW.resource_type, NEW.resource_id,
          NEW.patient_id, NEW.outcome, NEW.ip, NEW.user_agent, NEW.request_id, NEW.chain)
         IS NOT DISTINCT FROM
         (OLD.id, OLD.at, OLD.actor_id, OLD.actor_role, OLD.action, OLD.resource_type, OLD.resource_id,
          OLD.patient_id, OLD.outcome, OLD.ip, OLD.user_agent, OLD.request_id, OLD.chain) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege',
          HINT = 'Audit events can only be inserted, and linked once.';
END;
$$;

DROP TRIGGER audit_events_no_update_delete ON audit_events;

CREATE TRIGGER audit_events_no_delete
  BEFORE DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change();

CREATE TRIGGER audit_events_link_once
  BEFORE UPDATE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_link_once();
