-- Money jobs (issue 13): the refund job looks every JOBS_INTERVAL_SECONDS for unpaid payments of cancelled
-- appointments (to cancel their intents at Stripe). Unpaid payments are few at any time; all payments are many.
CREATE INDEX payments_unpaid_idx ON payments (appointment_id) WHERE status IN ('requires_payment', 'processing');
