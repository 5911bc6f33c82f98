-- Reminders (issue 12): every JOBS_INTERVAL_SECONDS the reminder job reads the live appointments that start
-- within the longest reminder offset. The other appointment indexes lead with a patient, location or provider,
-- so without this one that read is a scan of the whole table once a minute. Partial: only the statuses the
-- job considers (held, past and cancelled rows are most of the table and never need a reminder).
CREATE INDEX appointments_reminder_idx ON appointments (starts_at) WHERE status IN ('scheduled', 'confirmed');
