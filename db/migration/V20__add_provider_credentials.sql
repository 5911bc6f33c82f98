-- Provider onboarding (issue 14): professional details a provider edits, and the verification a manager of one of
-- their locations records. Unverified providers are hidden from patients' search and cannot be booked by patients
-- (staff still see and prepare them).
ALTER TABLE providers
  ADD COLUMN license_number       text CHECK (length(license_number) BETWEEN 1 AND 64),
  -- Where the licence was issued: ISO 3166-1 alpha-2, optionally with a subdivision (US, US-MI, GB-ENG).
  ADD COLUMN license_region       text CHECK (license_region ~ '^[A-Z]{2}(-[A-Z0-9]{1,3})?$'),
  ADD COLUMN qualifications       text[] NOT NULL DEFAULT '{}' CHECK (cardinality(qualifications) <= 20),
  ADD COLUMN years_of_experience  integer CHECK (years_of_experience BETWEEN 0 AND 80),
  -- BCP 47 tags (en, es-MX), as the search filter compares them.
  ADD COLUMN languages            text[] NOT NULL DEFAULT '{}' CHECK (cardinality(languages) <= 20),
  ADD COLUMN photo_file_id        uuid REFERENCES files (id),
  ADD COLUMN verified_at          timestamptz,
  ADD COLUMN verified_by          uuid REFERENCES users (id),
  ADD COLUMN verification_note    text CHECK (length(verification_note) <= 500),
  ADD CONSTRAINT providers_verified_by_check CHECK ((verified_at IS NULL) = (verified_by IS NULL));

-- Providers that practised before verification existed were vetted by whoever set them up: they stay bookable.
UPDATE providers p SET verified_at = now(), verified_by = p.user_id, verification_note = 'verified before verification existed';

CREATE INDEX providers_languages_idx ON providers USING gin (languages);
