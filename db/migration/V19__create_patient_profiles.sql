-- Patient profile (issue 14): demographics, emergency contact, insurance and medical history, one row per patient,
-- created by the first PUT (a patient without a row has an empty profile, version 0).
-- `version` is the ETag: a write names the version it read (If-Match) and the UPDATE matches only that version,
-- so of two writers who read the same version exactly one succeeds (the database decides, not the application).
-- The most sensitive fields are application-side AES-256-GCM ciphertext (12-byte nonce || ciphertext || 16-byte
-- tag, the patient id and field name as associated data), encrypted with the key named by `key_id`: keys rotate
-- by configuring a new current key and keeping the old one in DATA_ENCRYPTION_PREVIOUS_KEYS; each write
-- re-encrypts the row with the current key.
CREATE TABLE patient_profiles (
  patient_id            uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  version               integer NOT NULL CHECK (version >= 1),
  key_id                text NOT NULL CHECK (length(key_id) BETWEEN 1 AND 64),
  date_of_birth         date CHECK (date_of_birth >= DATE '1900-01-01'),
  sex                   text CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  -- BCP 47 (en, es-MX), as the API stores it after canonicalising.
  preferred_language    text CHECK (length(preferred_language) BETWEEN 2 AND 35),
  address_line1         text CHECK (length(address_line1) BETWEEN 1 AND 200),
  address_line2         text CHECK (length(address_line2) <= 200),
  address_city          text CHECK (length(address_city) BETWEEN 1 AND 100),
  address_region        text CHECK (length(address_region) <= 100),
  address_postal_code   text CHECK (length(address_postal_code) <= 20),
  address_country       text CHECK (address_country ~ '^[A-Z]{2}$'),
  emergency_name        text CHECK (length(emergency_name) BETWEEN 1 AND 200),
  emergency_phone       text CHECK (emergency_phone ~ '^\+[1-9][0-9]{6,14}$'),
  emergency_relation    text CHECK (length(emergency_relation) <= 50),
  insurance_payer       text CHECK (length(insurance_payer) BETWEEN 1 AND 200),
  -- Ciphertext (see above). The lists are encrypted JSON arrays of strings, always present once the row exists.
  insurance_member_id   bytea CHECK (length(insurance_member_id) >= 28),
  allergies             bytea NOT NULL CHECK (length(allergies) >= 28),
  medications           bytea NOT NULL CHECK (length(medications) >= 28),
  conditions            bytea NOT NULL CHECK (length(conditions) >= 28),
  updated_by            uuid REFERENCES users (id),
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  -- An address is whole or absent; likewise an emergency contact.
  CHECK ((address_line1 IS NULL) = (address_city IS NULL) AND (address_line1 IS NULL) = (address_country IS NULL)),
  CHECK ((emergency_name IS NULL) = (emergency_phone IS NULL)),
  CHECK (insurance_member_id IS NULL OR insurance_payer IS NOT NULL)
);

-- Rows still encrypted with a retired key, for a re-encryption sweep before that key is dropped.
CREATE INDEX patient_profiles_key_id_idx ON patient_profiles (key_id);
