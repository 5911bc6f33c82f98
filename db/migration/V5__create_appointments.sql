-- Appointments and holds. A hold is a row of this table with status 'held': one table lets a single
-- exclusion constraint decide every race between bookings and holds, and booking a hold is an UPDATE of
-- the same row, so the slot is never free in between. Expired holds are deleted by the next writer that
-- overlaps them (in its own transaction) and ignored by every read, so no job has to run first.

CREATE TABLE appointments (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Null only on a hold taken by staff before the patient is known.
  patient_id       uuid REFERENCES users (id),
  provider_id      uuid NOT NULL REFERENCES providers (user_id),
  location_id      uuid NOT NULL REFERENCES locations (id),
  starts_at        timestamptz NOT NULL,
  ends_at          timestamptz NOT NULL,
  status           text NOT NULL CHECK (status IN ('held', 'scheduled', 'confirmed', 'checked_in', 'completed',
                                                   'cancelled', 'no_show')),
  reason           text CHECK (length(reason) BETWEEN 1 AND 500),
  notes            text CHECK (length(notes) <= 500),
  -- Who created the row (the patient themself or a staff member); for a hold, the only one who may book it.
  created_by       uuid NOT NULL REFERENCES users (id),
  hold_expires_at  timestamptz,
  -- Staff with appointments:override booked over a conflict: why, and who.
  override_reason  text CHECK (length(override_reason) BETWEEN 1 AND 500),
  override_by      uuid REFERENCES users (id),
  cancelled_by     uuid REFERENCES users (id),
  cancelled_at     timestamptz,
  cancel_reason    text CHECK (length(cancel_reason) <= 500),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CHECK (starts_at < ends_at),
  CHECK ((status = 'held') = (hold_expires_at IS NOT NULL)),
  CHECK (status = 'held' OR (patient_id IS NOT NULL AND reason IS NOT NULL)),
  CHECK ((override_reason IS NULL) = (override_by IS NULL)),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL)),
  -- No double booking: live rows (holds included) of one provider never overlap. Rows booked over a
  -- conflict on purpose (override) are outside the constraint; the application checks new bookings
  -- against them too.
  CONSTRAINT appointments_no_overlap EXCLUDE USING gist (provider_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
    WHERE (status IN ('held', 'scheduled', 'confirmed', 'checked_in') AND override_reason IS NULL)
);

-- Lists: per patient, per location (staff), per provider, each in start or creation order with the id as
-- the keyset tie-breaker.
CREATE INDEX appointments_patient_starts_idx ON appointments (patient_id, starts_at, id) WHERE status <> 'held';
CREATE INDEX appointments_location_starts_idx ON appointments (location_id, starts_at, id) WHERE status <> 'held';
CREATE INDEX appointments_provider_starts_idx ON appointments (provider_id, starts_at, id) WHERE status <> 'held';
CREATE INDEX appointments_created_idx ON appointments (created_at, id) WHERE status <> 'held';
CREATE INDEX appointments_holds_expiry_idx ON appointments (hold_expires_at) WHERE status = 'held';
