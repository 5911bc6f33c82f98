-- Consultations (the clinical encounter of an appointment) and reviews (a patient's rating of a completed
-- appointment). Both carry the appointment's patient, provider and location, held consistent with it by a
-- composite foreign key, so lists can be scoped by patient or location without a join and can never
-- disagree with their appointment.

ALTER TABLE appointments ADD CONSTRAINT appointments_visit_key UNIQUE (id, patient_id, provider_id, location_id);

CREATE TABLE consultations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  appointment_id  uuid NOT NULL,
  patient_id      uuid NOT NULL,
  provider_id     uuid NOT NULL,
  location_id     uuid NOT NULL,
  mode            text NOT NULL CHECK (mode IN ('in_person', 'video')),
  status          text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'in_progress', 'completed', 'cancelled')),
  -- Given by staff when a video consultation is created (the meeting lives in the clinic's video service).
  video_url       text CHECK (video_url ~ '^https://[^\s]+$' AND length(video_url) <= 500),
  clinical_notes  text CHECK (length(clinical_notes) <= 20000),
  started_at      timestamptz,
  ended_at        timestamptz,
  created_by      uuid NOT NULL REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT consultations_appointment_key UNIQUE (appointment_id),
  CONSTRAINT consultations_visit_fkey FOREIGN KEY (appointment_id, patient_id, provider_id, location_id)
    REFERENCES appointments (id, patient_id, provider_id, location_id),
  CHECK ((mode = 'video') = (video_url IS NOT NULL)),
  -- started_at is set when it goes in progress and kept if it is then cancelled; ended_at only on completion.
  CHECK (status <> 'scheduled' OR started_at IS NULL),
  CHECK (status NOT IN ('in_progress', 'completed') OR started_at IS NOT NULL),
  CHECK ((status = 'completed') = (ended_at IS NOT NULL)),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
-- Lists: per patient, per location (staff), per provider, newest first with the id as keyset tie-breaker.
CREATE INDEX consultations_patient_created_idx ON consultations (patient_id, created_at, id);
CREATE INDEX consultations_location_created_idx ON consultations (location_id, created_at, id);
CREATE INDEX consultations_provider_created_idx ON consultations (provider_id, created_at, id);
CREATE INDEX consultations_created_idx ON consultations (created_at, id);

CREATE TABLE reviews (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  appointment_id  uuid NOT NULL,
  -- Kept for the one-review-per-appointment rule and erasure requests; never shown by the API.
  patient_id      uuid NOT NULL,
  provider_id     uuid NOT NULL REFERENCES providers (user_id),
  location_id     uuid NOT NULL,
  rating          smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment         text CHECK (length(comment) <= 1000),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT reviews_appointment_key UNIQUE (appointment_id),
  CONSTRAINT reviews_visit_fkey FOREIGN KEY (appointment_id, patient_id, provider_id, location_id)
    REFERENCES appointments (id, patient_id, provider_id, location_id)
);
CREATE INDEX reviews_provider_created_idx ON reviews (provider_id, created_at, id);

-- The exact sum of ratings, so the average is recomputed from integers on every review (never from a
-- rounded average) in the same transaction as the review, under the providers row lock.
ALTER TABLE providers ADD COLUMN rating_total bigint NOT NULL DEFAULT 0 CHECK (rating_total >= 0);
