-- Identity: locations, users and their location assignments, sessions with rotating refresh tokens,
-- single-use tokens (verify e-mail, reset password, invitations), and the notification outbox.

CREATE TABLE locations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  address     text NOT NULL DEFAULT '' CHECK (length(address) <= 500),
  phone       text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  time_zone   text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email           citext NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  phone           text CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
  role            text NOT NULL CHECK (role IN ('superadmin', 'manager', 'provider', 'nurse', 'medical_assistant',
                                                'pharmacy_tech', 'billing', 'patient', 'user')),
  password_hash   text,
  email_verified  boolean NOT NULL DEFAULT false,
  active          boolean NOT NULL DEFAULT true,
  notify_sms      boolean NOT NULL DEFAULT true,
  notify_email    boolean NOT NULL DEFAULT true,
  oidc_issuer     text,
  oidc_subject    text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_email_key UNIQUE (email),
  CONSTRAINT users_oidc_key UNIQUE (oidc_issuer, oidc_subject),
  CHECK ((oidc_issuer IS NULL) = (oidc_subject IS NULL))
);
CREATE INDEX users_role_idx ON users (role);
CREATE INDEX users_name_idx ON users (lower(name));

CREATE TABLE user_locations (
  user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  location_id  uuid NOT NULL REFERENCES locations (id),
  PRIMARY KEY (user_id, location_id)
);
CREATE INDEX user_locations_location_idx ON user_locations (location_id);

CREATE TABLE sessions (
  id              uuid PRIMARY KEY,
  user_id         uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_used_at    timestamptz NOT NULL DEFAULT now(),
  expires_at      timestamptz NOT NULL,
  revoked_at      timestamptz,
  revoked_reason  text
);
CREATE INDEX sessions_user_idx ON sessions (user_id) WHERE revoked_at IS NULL;

-- Every refresh token ever issued, by hash. A used one that comes back is a stolen one: its session dies.
CREATE TABLE refresh_tokens (
  token_hash  bytea PRIMARY KEY,
  session_id  uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  issued_at   timestamptz NOT NULL DEFAULT now(),
  used_at     timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

CREATE TABLE one_time_tokens (
  token_hash  bytea PRIMARY KEY,
  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose     text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'invite')),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX one_time_tokens_user_idx ON one_time_tokens (user_id, purpose);

-- Messages that must not be lost, written in the same transaction as their cause; delivered later.
CREATE TABLE outbox (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kind          text NOT NULL,
  channel       text NOT NULL CHECK (channel IN ('email', 'sms', 'webhook')),
  user_id       uuid REFERENCES users (id) ON DELETE CASCADE,
  payload       jsonb NOT NULL,
  status        text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'dead')),
  attempts      integer NOT NULL DEFAULT 0,
  available_at  timestamptz NOT NULL DEFAULT now(),
  created_at    timestamptz NOT NULL DEFAULT now(),
  sent_at       timestamptz
);
CREATE INDEX outbox_pending_idx ON outbox (available_at) WHERE status = 'queued';
