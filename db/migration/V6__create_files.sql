-- Uploaded medical records and files. The bytes live on disk under DATA_DIR/files, named by storage_key
-- (derived from the id, never from the client's filename); this table holds what the API shows.
-- Deleting is soft: deleted_at/deleted_by are set together and the content is no longer served.

CREATE TABLE files (
  id            uuid PRIMARY KEY,
  patient_id    uuid NOT NULL REFERENCES users (id),
  category      text NOT NULL CHECK (category IN ('medical_record', 'id_document', 'insurance_card', 'other')),
  filename      text NOT NULL CHECK (length(filename) BETWEEN 1 AND 255),
  content_type  text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg', 'text/plain',
                  'application/vnd.openxmlformats-officedocument.wordprocessingml.document')),
  size          bigint NOT NULL CHECK (size >= 0),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  storage_key   text NOT NULL UNIQUE CHECK (storage_key ~ '^[0-9a-f]{2}/[0-9a-f-]{36}$'),
  uploaded_by   uuid NOT NULL REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  deleted_at    timestamptz,
  deleted_by    uuid REFERENCES users (id),
  CHECK ((deleted_at IS NULL) = (deleted_by IS NULL))
);

-- A patient's live files, newest first, with the id as the keyset tie-breaker.
CREATE INDEX files_patient_created_idx ON files (patient_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
