-- Provider photos (issue 14) go through the files feature: same storage (DATA_DIR/files by id), same upload
-- machinery and content sniffing, but owned by a provider instead of a patient. A photo is not a medical
-- record: it has no patient, so none of the patient-scoped /files routes (which join on patient_id) ever
-- list, serve or delete it; it is served by GET /providers/{id}/photo. Images only (PNG or JPEG).
ALTER TABLE files
  ALTER COLUMN patient_id DROP NOT NULL,
  ADD COLUMN provider_id uuid REFERENCES providers (user_id) ON DELETE CASCADE,
  DROP CONSTRAINT files_category_check,
  ADD CONSTRAINT files_category_check
    CHECK (category IN ('medical_record', 'id_document', 'insurance_card', 'other', 'provider_photo')),
  -- Exactly one owner, decided by the category; photos are images.
  ADD CONSTRAINT files_owner_check CHECK (CASE WHEN category = 'provider_photo'
    THEN patient_id IS NULL AND provider_id IS NOT NULL AND content_type IN ('image/png', 'image/jpeg')
    ELSE patient_id IS NOT NULL AND provider_id IS NULL END);

CREATE INDEX files_provider_idx ON files (provider_id) WHERE provider_id IS NOT NULL;
