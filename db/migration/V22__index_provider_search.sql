-- Provider search (issue 14): GET /providers sorted by fee or rating with the id as the keyset tie-breaker, and the
-- busy-time lookups of its set-based free-slot query (scheduling.ProviderSearchSql), which checks every candidate
-- slot against the provider's live appointments and unexpired holds.
CREATE INDEX providers_fee_idx ON providers (fee_amount, user_id);
CREATE INDEX providers_rating_idx ON providers (rating_average DESC, user_id);
-- Live rows and holds (expired holds are filtered by the query): the same rows the no-overlap constraint covers,
-- plus those booked over a conflict on purpose, which block the provider's time as well.
CREATE INDEX appointments_provider_busy_idx ON appointments USING gist (provider_id, tstzrange(starts_at, ends_at))
  WHERE status IN ('held', 'scheduled', 'confirmed', 'checked_in');
