-- Payments (issue 13): a patient pays for an appointment through Stripe; the money is held on the platform
-- balance (escrow, separate charges and transfers) until the appointment is completed and a hold period passes,
-- then the provider's share is transferred to their connected account and the platform fee stays. Every money
-- movement is a balanced transaction of an append-only double-entry ledger that the database keeps balanced.

-- A provider's Stripe Connect (Express) account. payouts_enabled: Stripe says it can receive transfers
-- (recorded from account.updated and from the account as read when onboarding).
CREATE TABLE payout_accounts (
  provider_id        uuid PRIMARY KEY REFERENCES providers (user_id),
  stripe_account_id  text NOT NULL UNIQUE CHECK (length(stripe_account_id) <= 255),
  payouts_enabled    boolean NOT NULL DEFAULT false,
  details_submitted  boolean NOT NULL DEFAULT false,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);

-- status is the payment's life cycle; refunds are amounts beside it (the API shows refunded /
-- partially_refunded from them). 'failed': the intent was cancelled and will never take money; a new intent
-- may be made for the appointment. 'charged_back': a dispute was lost.
CREATE TABLE payments (
  id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  appointment_id            uuid NOT NULL REFERENCES appointments (id),
  patient_id                uuid NOT NULL REFERENCES users (id),
  provider_id               uuid NOT NULL REFERENCES providers (user_id),
  location_id               uuid NOT NULL REFERENCES locations (id),
  amount                    bigint NOT NULL CHECK (amount > 0),
  currency                  text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  status                    text NOT NULL DEFAULT 'requires_payment'
                              CHECK (status IN ('requires_payment', 'processing', 'held', 'released', 'failed', 'charged_back')),
  -- The fee rate in force when the payment was made: a later change of PLATFORM_FEE_BPS does not reprice it.
  fee_bps                   integer NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
  -- Null until Stripe answered; the next call for the appointment repeats the request with the same
  -- idempotency key (payment:<id>:intent), so a crash in between cannot make a second intent.
  stripe_payment_intent_id  text UNIQUE CHECK (length(stripe_payment_intent_id) <= 255),
  -- Stripe's client secret of the intent: the client needs it again when it asks a second time; never logged.
  client_secret             text CHECK (length(client_secret) <= 255),
  charge_id                 text UNIQUE CHECK (length(charge_id) <= 255),
  failure_code              text CHECK (length(failure_code) <= 64),
  -- Refunds not failed (pending or succeeded): the database refuses more than the amount, so two concurrent
  -- refunds can never together exceed what was paid.
  refund_reserved           bigint NOT NULL DEFAULT 0 CHECK (refund_reserved >= 0 AND refund_reserved <= amount),
  refunded_amount           bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0 AND refunded_amount <= amount),
  held_at                   timestamptz,
  -- Release: the transfer to the provider (amount − refunds − fee) and the fee kept.
  released_at               timestamptz,
  transfer_id               text UNIQUE CHECK (length(transfer_id) <= 255),
  transfer_amount           bigint CHECK (transfer_amount >= 0),
  fee_amount                bigint CHECK (fee_amount >= 0),
  reversed_amount           bigint NOT NULL DEFAULT 0 CHECK (reversed_amount >= 0),
  -- Why a due release waits (no payout account, a dispute, a pending refund); null when nothing blocks it.
  release_blocked_reason    text CHECK (length(release_blocked_reason) <= 64),
  release_claim             uuid,
  release_lease_until       timestamptz,
  dispute_status            text CHECK (dispute_status IN ('open', 'won', 'lost')),
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  CHECK (reversed_amount <= coalesce(transfer_amount, 0)),
  CHECK ((status = 'released') = (released_at IS NOT NULL) OR status = 'charged_back'),
  CHECK (status NOT IN ('held', 'released') OR charge_id IS NOT NULL)
);
-- One open payment per appointment: a second intent call finds and returns it.
CREATE UNIQUE INDEX payments_one_open_per_appointment ON payments (appointment_id) WHERE status <> 'failed';
CREATE INDEX payments_patient_created_idx ON payments (patient_id, created_at, id);
CREATE INDEX payments_location_created_idx ON payments (location_id, created_at, id);
CREATE INDEX payments_created_idx ON payments (created_at, id);
CREATE INDEX payments_held_idx ON payments (held_at) WHERE status = 'held';

-- Every refund: asked for by staff (manual), by the cancellation policy (policy, at most one per payment) or made
-- at Stripe directly and learnt from its events (external). Its Stripe calls carry refund:<id> as idempotency key.
CREATE TABLE refunds (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  payment_id        uuid NOT NULL REFERENCES payments (id),
  amount            bigint NOT NULL CHECK (amount > 0),
  reason            text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  kind              text NOT NULL CHECK (kind IN ('manual', 'policy', 'external')),
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  stripe_refund_id  text UNIQUE CHECK (length(stripe_refund_id) <= 255),
  -- A refund after release takes the provider's part back from the transfer (amount − its fee share).
  reversal_amount   bigint NOT NULL DEFAULT 0 CHECK (reversal_amount >= 0 AND reversal_amount <= amount),
  reversal_id       text UNIQUE CHECK (length(reversal_id) <= 255),
  failure_code      text CHECK (length(failure_code) <= 64),
  requested_by      uuid REFERENCES users (id),
  attempts          integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  available_at      timestamptz NOT NULL DEFAULT now(),
  lease_until       timestamptz,
  claim_token       uuid,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX refunds_one_policy_per_payment ON refunds (payment_id) WHERE kind = 'policy';
CREATE INDEX refunds_payment_idx ON refunds (payment_id, created_at);
CREATE INDEX refunds_pending_idx ON refunds (available_at) WHERE status = 'pending';

-- Stripe events that took effect, stored in the transaction of their effect: a redelivery finds its id here.
CREATE TABLE stripe_events (
  id           text PRIMARY KEY CHECK (length(id) <= 255),
  type         text NOT NULL CHECK (length(type) <= 100),
  received_at  timestamptz NOT NULL DEFAULT now()
);

-- The ledger. A transaction groups lines that sum to zero per currency; (kind, reference) is unique, so the same
-- movement (the hold of a payment, the release, one refund) can be booked once however often its cause repeats.
CREATE TABLE ledger_transactions (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  payment_id  uuid REFERENCES payments (id),
  kind        text NOT NULL CHECK (kind IN ('payment_held', 'refund_requested', 'refund_succeeded', 'refund_failed',
                'released', 'transfer_reversed', 'dispute_lost')),
  reference   text NOT NULL CHECK (length(reference) <= 255),
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ledger_transactions_kind_reference_key UNIQUE (kind, reference)
);
CREATE INDEX ledger_transactions_payment_idx ON ledger_transactions (payment_id, created_at);

-- amount_minor is signed: debits positive, credits negative (so every transaction sums to zero).
-- Accounts: stripe_balance (asset: the platform's Stripe balance), escrow (liability: patients' money held),
-- provider_payable (owed to / claimed back from providers), platform_revenue (the fees), refunds (refunds asked
-- for and not yet settled at Stripe), disputes (lost disputes), stripe_fees (Stripe's processing fees, when known).
CREATE TABLE ledger_entries (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id  uuid NOT NULL REFERENCES ledger_transactions (id),
  account         text NOT NULL CHECK (account IN ('stripe_balance', 'escrow', 'provider_payable', 'platform_revenue',
                    'refunds', 'disputes', 'stripe_fees')),
  amount_minor    bigint NOT NULL CHECK (amount_minor <> 0),
  currency        text NOT NULL CHECK (currency ~ '^[a-z]{3}$'),
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_transaction_idx ON ledger_entries (transaction_id);
CREATE INDEX ledger_entries_currency_account_idx ON ledger_entries (currency, account);

-- Checked at commit (deferred), once the whole transaction's lines are in.
CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM ledger_entries WHERE transaction_id = NEW.transaction_id
             GROUP BY currency HAVING sum(amount_minor) <> 0) THEN
    RAISE EXCEPTION 'ledger transaction % does not balance', NEW.transaction_id
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER ledger_entries_balanced
  AFTER INSERT ON ledger_entries DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'Correct a booking with a new, balancing transaction.';
END
$$;
CREATE TRIGGER ledger_entries_no_update_delete BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transactions_no_update_delete BEFORE UPDATE OR DELETE ON ledger_transactions
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON ledger_transactions
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- Outbound webhooks learn payment events the way they learn appointment events (V14): a trigger records them in
-- the transaction of the change.
ALTER TABLE webhook_subscriptions DROP CONSTRAINT webhook_subscriptions_events_check;
ALTER TABLE webhook_subscriptions ADD CONSTRAINT webhook_subscriptions_events_check
  CHECK (cardinality(events) >= 1 AND events <@ ARRAY['appointment.created', 'appointment.rescheduled',
    'appointment.cancelled', 'appointment.status_changed', 'consultation.completed', 'payment.held',
    'payment.released', 'payment.refunded']::text[]);

-- No client secret, no failure detail: ids, amounts and state only.
CREATE FUNCTION webhook_payment_data(p payments) RETURNS json LANGUAGE sql STABLE AS $$
  SELECT json_strip_nulls(json_build_object(
    'id', p.id, 'appointmentId', p.appointment_id, 'patientId', p.patient_id, 'providerId', p.provider_id,
    'locationId', p.location_id, 'amount', p.amount, 'currency', p.currency, 'status', p.status,
    'refundedAmount', p.refunded_amount, 'transferAmount', p.transfer_amount, 'feeAmount', p.fee_amount,
    'heldAt', webhook_time(p.held_at), 'releasedAt', webhook_time(p.released_at),
    'updatedAt', webhook_time(p.updated_at)))
$$;

CREATE FUNCTION webhook_payment_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status = 'held' AND OLD.status IS DISTINCT FROM 'held' AND OLD.status <> 'released' THEN
    PERFORM webhook_enqueue('payment.held', webhook_payment_data(NEW));
  END IF;
  IF NEW.status = 'released' AND OLD.status <> 'released' THEN
    PERFORM webhook_enqueue('payment.released', webhook_payment_data(NEW));
  END IF;
  IF NEW.refunded_amount > OLD.refunded_amount THEN
    PERFORM webhook_enqueue('payment.refunded', webhook_payment_data(NEW));
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER payments_webhook_events AFTER UPDATE ON payments
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.refunded_amount <> NEW.refunded_amount)
  EXECUTE FUNCTION webhook_payment_events();
