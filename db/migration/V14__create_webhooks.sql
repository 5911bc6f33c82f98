-- Outbound webhooks (issue 12). A superadmin subscribes a URL to event types; the change that causes an event
-- (an appointment booked, moved, cancelled or changing status, a consultation completed) records the event and
-- one delivery per interested subscription in its own transaction, through the triggers below: a crash after
-- the commit cannot lose it (the outbox rule), and application code cannot forget it. The delivery verticle
-- claims due deliveries with FOR UPDATE SKIP LOCKED and a lease, POSTs them and records every attempt.

CREATE TABLE webhook_subscriptions (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  url             text NOT NULL CHECK (length(url) BETWEEN 8 AND 2048),
  events          text[] NOT NULL CHECK (cardinality(events) >= 1 AND events <@ ARRAY['appointment.created',
                    'appointment.rescheduled', 'appointment.cancelled', 'appointment.status_changed',
                    'consultation.completed']::text[]),
  -- Stored as is (not hashed, not encrypted): every delivery is signed with it, so it must be recoverable. It is
  -- shown once in the 201 that creates the subscription and never selected by any read the API serves.
  secret          text NOT NULL CHECK (length(secret) BETWEEN 32 AND 256),
  -- Deleting a subscription deactivates it: its deliveries log stays readable.
  active          boolean NOT NULL DEFAULT true,
  created_by      uuid REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  deactivated_at  timestamptz,
  CHECK (active = (deactivated_at IS NULL))
);
CREATE INDEX webhook_subscriptions_created_idx ON webhook_subscriptions (created_at, id);

-- One event, whatever number of subscriptions receive it; its id is the delivery's stable event id.
-- data is json (not jsonb) so its text keeps the field order it was built with.
CREATE TABLE webhook_events (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  type        text NOT NULL,
  data        json NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row per (event, subscription): its state, and the lease of the dispatcher that holds it. attempts counts
-- every request sent (the number of the attempts log); retries counts those since queued_at, for the backoff;
-- queued_at starts the 72 h window (reset by a redelivery).
CREATE TABLE webhook_deliveries (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id          uuid NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
  subscription_id   uuid NOT NULL REFERENCES webhook_subscriptions (id),
  status            text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'delivered', 'failed')),
  attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  retries           integer NOT NULL DEFAULT 0 CHECK (retries >= 0),
  queued_at         timestamptz NOT NULL DEFAULT now(),
  available_at      timestamptz NOT NULL DEFAULT now(),
  lease_until       timestamptz,
  claim_token       uuid,
  last_status_code  integer,
  last_error        text CHECK (length(last_error) <= 64),
  delivered_at      timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webhook_deliveries_event_subscription_key UNIQUE (event_id, subscription_id)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (available_at) WHERE status = 'queued';
CREATE INDEX webhook_deliveries_subscription_idx ON webhook_deliveries (subscription_id, created_at, id);

-- Every request sent, whatever its outcome (the delivery row keeps only the latest state).
CREATE TABLE webhook_delivery_attempts (
  delivery_id       uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt           integer NOT NULL CHECK (attempt >= 1),
  at                timestamptz NOT NULL DEFAULT now(),
  outcome           text NOT NULL CHECK (outcome IN ('delivered', 'retry', 'failed')),
  status_code       integer,
  error             text CHECK (length(error) <= 64),
  duration_ms       integer,
  response_excerpt  text CHECK (length(response_excerpt) <= 512),
  PRIMARY KEY (delivery_id, attempt)
);

-- RFC 3339 in UTC as the API writes instants (Java's Instant.toString: no fraction, or 3 or 6 digits).
CREATE FUNCTION webhook_time(t timestamptz) RETURNS text LANGUAGE sql STABLE STRICT AS $$
  SELECT to_char(u, 'YYYY-MM-DD"T"HH24:MI:SS')
      || CASE WHEN micros % 1000000 = 0 THEN '' WHEN micros % 1000 = 0 THEN to_char(u, '.MS') ELSE to_char(u, '.US') END
      || 'Z'
    FROM (SELECT t AT TIME ZONE 'UTC' AS u, extract(microseconds FROM t AT TIME ZONE 'UTC')::bigint AS micros) v
$$;

-- Records the event and its deliveries when an active subscription wants this type; otherwise nothing.
CREATE FUNCTION webhook_enqueue(kind text, payload json) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  new_event uuid;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE active AND kind = ANY (events)) THEN
    RETURN;
  END IF;
  INSERT INTO webhook_events (type, data) VALUES (kind, payload) RETURNING id INTO new_event;
  INSERT INTO webhook_deliveries (event_id, subscription_id)
    SELECT new_event, id FROM webhook_subscriptions WHERE active AND kind = ANY (events);
END
$$;

-- The appointment as the API shows it, without its free text (reason, notes, override and cancel reasons: they
-- may carry clinical detail and receivers do not need them), plus what the event type adds.
CREATE FUNCTION webhook_appointment_data(a appointments, old appointments, kind text) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_strip_nulls(json_build_object(
    'id', a.id, 'patientId', a.patient_id, 'providerId', a.provider_id, 'locationId', a.location_id,
    'startsAt', webhook_time(a.starts_at), 'endsAt', webhook_time(a.ends_at), 'status', a.status,
    'createdAt', webhook_time(a.created_at), 'updatedAt', webhook_time(a.updated_at),
    'timeZone', (SELECT time_zone FROM locations WHERE id = a.location_id),
    'previousStartsAt', CASE WHEN kind = 'appointment.rescheduled' THEN webhook_time(old.starts_at) END,
    'previousEndsAt', CASE WHEN kind = 'appointment.rescheduled' THEN webhook_time(old.ends_at) END,
    'previousStatus', CASE WHEN kind IN ('appointment.status_changed', 'appointment.cancelled') THEN old.status END,
    'cancelledBy', CASE WHEN kind = 'appointment.cancelled' THEN a.cancelled_by END,
    'cancelledAt', CASE WHEN kind = 'appointment.cancelled' THEN webhook_time(a.cancelled_at) END))
$$;

-- Booking is performance-sensitive: the WHEN clauses keep holds and unrelated updates from calling this at all,
-- and with no active subscription for the types at hand it costs one probe of a (tiny) table.
CREATE FUNCTION webhook_appointment_events() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  kinds text[] := ARRAY[]::text[];
  kind text;
BEGIN
  IF TG_OP = 'INSERT' OR OLD.status = 'held' THEN
    kinds := ARRAY['appointment.created'];
  ELSE
    IF NEW.status = 'cancelled' AND OLD.status <> 'cancelled' THEN
      kinds := kinds || 'appointment.cancelled'::text;
    ELSIF NEW.status <> OLD.status THEN
      kinds := kinds || 'appointment.status_changed'::text;
    END IF;
    IF NEW.starts_at <> OLD.starts_at OR NEW.ends_at <> OLD.ends_at THEN
      kinds := kinds || 'appointment.rescheduled'::text;
    END IF;
  END IF;
  IF NOT EXISTS (SELECT 1 FROM webhook_subscriptions WHERE active AND events && kinds) THEN
    RETURN NULL;
  END IF;
  FOREACH kind IN ARRAY kinds LOOP
    PERFORM webhook_enqueue(kind, webhook_appointment_data(NEW, CASE WHEN TG_OP = 'UPDATE' THEN OLD END, kind));
  END LOOP;
  RETURN NULL;
END
$$;

CREATE TRIGGER appointments_webhooks_insert AFTER INSERT ON appointments
  FOR EACH ROW WHEN (NEW.status <> 'held') EXECUTE FUNCTION webhook_appointment_events();
CREATE TRIGGER appointments_webhooks_update AFTER UPDATE OF status, starts_at, ends_at ON appointments
  FOR EACH ROW WHEN (NEW.status <> 'held' AND (OLD.status IS DISTINCT FROM NEW.status
    OR OLD.starts_at IS DISTINCT FROM NEW.starts_at OR OLD.ends_at IS DISTINCT FROM NEW.ends_at))
  EXECUTE FUNCTION webhook_appointment_events();

-- A completed consultation, without its clinical notes or video link.
CREATE FUNCTION webhook_consultation_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM webhook_enqueue('consultation.completed', json_strip_nulls(json_build_object(
    'id', NEW.id, 'appointmentId', NEW.appointment_id, 'patientId', NEW.patient_id, 'providerId', NEW.provider_id,
    'locationId', NEW.location_id, 'mode', NEW.mode, 'status', NEW.status, 'startedAt', webhook_time(NEW.started_at),
    'endedAt', webhook_time(NEW.ended_at), 'createdAt', webhook_time(NEW.created_at),
    'updatedAt', webhook_time(NEW.updated_at))));
  RETURN NULL;
END
$$;

CREATE TRIGGER consultations_webhooks_insert AFTER INSERT ON consultations
  FOR EACH ROW WHEN (NEW.status = 'completed') EXECUTE FUNCTION webhook_consultation_events();
CREATE TRIGGER consultations_webhooks_update AFTER UPDATE OF status ON consultations
  FOR EACH ROW WHEN (NEW.status = 'completed' AND OLD.status <> 'completed') EXECUTE FUNCTION webhook_consultation_events();
