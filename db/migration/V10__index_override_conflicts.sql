-- Booking in one statement (issue 11): the two reads a booking makes of the appointments table besides
-- the exclusion constraint's own check get an index each.

-- Rows booked over a conflict (override) are outside the exclusion constraint, so every booking asks
-- whether a live one overlaps its range. Without this index that was a bitmap scan of all the provider's
-- appointments (~1,000 rows, 0.3-0.4 ms per booking); override rows are few, so the partial index is tiny.
CREATE INDEX appointments_override_idx ON appointments USING gist (provider_id, tstzrange(starts_at, ends_at))
  WHERE override_reason IS NOT NULL AND status IN ('scheduled', 'confirmed', 'checked_in');

-- A hold is never booked over a conflict. Saying so lets the delete of expired holds in a range
-- (AppointmentsRepository) state override_reason IS NULL and use the exclusion constraint's index.
ALTER TABLE appointments ADD CONSTRAINT appointments_hold_no_override CHECK (status <> 'held' OR override_reason IS NULL);
