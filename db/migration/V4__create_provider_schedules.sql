-- Providers: a profile per user with role 'provider', the locations they practise at, their weekly hours
-- (local wall-clock times, read in each location's IANA time zone) and time off (UTC instants).

-- Lets providers reference (id, role) so the database itself guarantees a profile belongs to a provider.
ALTER TABLE users ADD CONSTRAINT users_id_role_key UNIQUE (id, role);

CREATE TABLE providers (
  user_id         uuid PRIMARY KEY,
  -- Always 'provider': with the foreign key below, a profile can only exist for a provider, and a user
  -- with a profile cannot be given another role (ON UPDATE RESTRICT) until the profile is removed.
  role            text NOT NULL DEFAULT 'provider' CHECK (role = 'provider'),
  specialty       text NOT NULL CHECK (length(specialty) BETWEEN 1 AND 100),
  bio             text NOT NULL DEFAULT '' CHECK (length(bio) <= 2000),
  fee_amount      bigint NOT NULL CHECK (fee_amount BETWEEN 0 AND 100000000),
  fee_currency    text NOT NULL CHECK (fee_currency ~ '^[a-z]{3}$'),
  slot_minutes    integer NOT NULL DEFAULT 30 CHECK (slot_minutes BETWEEN 5 AND 240),
  -- Maintained by the reviews slice; 0/0 until a review exists.
  rating_average  numeric(3, 2) NOT NULL DEFAULT 0 CHECK (rating_average BETWEEN 0 AND 5),
  rating_count    integer NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (user_id, role) REFERENCES users (id, role) ON UPDATE RESTRICT ON DELETE CASCADE
);
CREATE INDEX providers_specialty_idx ON providers (lower(specialty));

CREATE TABLE provider_locations (
  provider_id  uuid NOT NULL REFERENCES providers (user_id) ON DELETE CASCADE,
  location_id  uuid NOT NULL REFERENCES locations (id),
  PRIMARY KEY (provider_id, location_id)
);
CREATE INDEX provider_locations_location_idx ON provider_locations (location_id);

-- Weekly hours: ISO weekday (1 = Monday … 7 = Sunday), local start and end at that location.
-- Dropping a location from the profile drops its hours (cascade through provider_locations).
CREATE TABLE provider_schedules (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id  uuid NOT NULL,
  location_id  uuid NOT NULL,
  weekday      smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  start_time   time NOT NULL,
  end_time     time NOT NULL,
  CHECK (start_time < end_time),
  FOREIGN KEY (provider_id, location_id) REFERENCES provider_locations (provider_id, location_id) ON DELETE CASCADE
);
CREATE INDEX provider_schedules_provider_idx ON provider_schedules (provider_id);

-- Time off: [starts_at, ends_at) in UTC; a null location means every location.
CREATE TABLE provider_time_off (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  provider_id  uuid NOT NULL REFERENCES providers (user_id) ON DELETE CASCADE,
  location_id  uuid REFERENCES locations (id),
  starts_at    timestamptz NOT NULL,
  ends_at      timestamptz NOT NULL,
  reason       text NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
  created_at   timestamptz NOT NULL DEFAULT now(),
  CHECK (starts_at < ends_at)
);
CREATE INDEX provider_time_off_provider_idx ON provider_time_off USING gist (provider_id, tstzrange(starts_at, ends_at));
