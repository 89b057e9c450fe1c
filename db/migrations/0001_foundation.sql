-- Up Migration
-- The whole product's schema. Constraints do real work: they are the last line of defence
-- when two requests race (duplicate capture, concurrent booking, progress going backwards).

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE customers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
  business_name text NOT NULL DEFAULT '' CHECK (length(business_name) <= 200),
  industry text,
  profession text,
  phone_number text CHECK (phone_number IS NULL OR phone_number ~ '^\+[1-9][0-9]{6,14}$'),
  subscription_plan text NOT NULL CHECK (subscription_plan IN ('starter', 'pro', 'business')),
  status text NOT NULL CHECK (status IN ('active', 'trial', 'paused', 'cancelled')),
  receptionist_live boolean NOT NULL DEFAULT false,
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_email_idx ON customers (lower(email));

CREATE TABLE paypal_orders (
  id text PRIMARY KEY,
  plan text NOT NULL CHECK (plan IN ('starter', 'pro', 'business')),
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  email text NOT NULL,
  business_name text,
  status text NOT NULL CHECK (status IN ('created', 'completed', 'declined', 'refunded', 'reversed')),
  customer_id uuid UNIQUE REFERENCES customers (id),
  capture_id text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  captured_at timestamptz
);

CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES customers (id),
  order_id text NOT NULL REFERENCES paypal_orders (id),
  capture_id text NOT NULL UNIQUE,
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('completed', 'refunded', 'reversed', 'denied')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_customer_idx ON payments (customer_id, created_at DESC);

CREATE TABLE onboarding_states (
  customer_id uuid PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  current_step smallint NOT NULL DEFAULT 1 CHECK (current_step BETWEEN 1 AND 7),
  progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  completed_steps smallint[] NOT NULL DEFAULT '{}'
    CHECK (completed_steps <@ ARRAY[1, 2, 3, 4, 5, 6, 7]::smallint[]),
  business_info jsonb,
  phone_config jsonb,
  caller_responses jsonb,
  calendar_integration jsonb,
  demo_completed boolean NOT NULL DEFAULT false,
  live_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Property 2 in the database: progress never decreases, and completing step N means at least N*14 %.
CREATE FUNCTION onboarding_progress_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  highest smallint;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.progress < OLD.progress THEN
    RAISE EXCEPTION 'onboarding progress cannot decrease (% -> %)', OLD.progress, NEW.progress
      USING ERRCODE = 'check_violation', CONSTRAINT = 'onboarding_progress_monotonic';
  END IF;
  SELECT coalesce(max(s), 0) INTO highest FROM unnest(NEW.completed_steps) AS s;
  IF NEW.progress < highest * 14 THEN
    RAISE EXCEPTION 'onboarding progress % is below step % * 14', NEW.progress, highest
      USING ERRCODE = 'check_violation', CONSTRAINT = 'onboarding_progress_floor';
  END IF;
  NEW.updated_at := now();
  RETURN NEW;
END $$;
CREATE TRIGGER onboarding_progress_guard BEFORE INSERT OR UPDATE ON onboarding_states
  FOR EACH ROW EXECUTE FUNCTION onboarding_progress_guard();

CREATE TABLE login_links (
  token_hash text PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX login_links_customer_idx ON login_links (customer_id);

CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz
);
CREATE INDEX sessions_customer_idx ON sessions (customer_id);

CREATE TABLE business_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  source text NOT NULL CHECK (source IN ('business_info', 'caller_responses')),
  filename text NOT NULL,
  mime_type text NOT NULL CHECK (mime_type IN (
    'application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'text/plain')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  content text NOT NULL,
  search tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX business_documents_customer_idx ON business_documents (customer_id);
CREATE INDEX business_documents_search_idx ON business_documents USING gin (search);

CREATE TABLE phone_numbers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  e164 text NOT NULL UNIQUE CHECK (e164 ~ '^\+[1-9][0-9]{6,14}$'),
  twilio_sid text UNIQUE,
  status text NOT NULL CHECK (status IN ('pending', 'active', 'released')),
  sms_enabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX phone_numbers_customer_idx ON phone_numbers (customer_id);

CREATE TABLE oauth_states (
  state text PRIMARY KEY,
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  provider text NOT NULL CHECK (provider IN ('google', 'outlook')),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE calendar_connections (
  customer_id uuid PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
  provider text NOT NULL CHECK (provider IN ('google', 'outlook', 'builtin')),
  status text NOT NULL CHECK (status IN ('connected', 'disconnected', 'error')),
  access_token_enc bytea,
  refresh_token_enc bytea,
  token_expires_at timestamptz,
  account_email text,
  calendar_id text,
  last_error text,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE calls (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  call_sid text UNIQUE,
  call_type text NOT NULL CHECK (call_type IN ('phone', 'demo')),
  from_number text,
  to_number text,
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  duration_ms integer CHECK (duration_ms IS NULL OR duration_ms >= 0),
  outcome text NOT NULL DEFAULT 'in_progress'
    CHECK (outcome IN ('in_progress', 'completed', 'missed', 'transferred', 'failed', 'abandoned')),
  transcript text NOT NULL DEFAULT '',
  appointment_booked boolean NOT NULL DEFAULT false,
  caller_info jsonb NOT NULL DEFAULT '{}'::jsonb,
  success boolean,
  providers jsonb NOT NULL DEFAULT '{}'::jsonb,
  search tsvector GENERATED ALWAYS AS (to_tsvector('english', transcript)) STORED
);
CREATE INDEX calls_customer_started_idx ON calls (customer_id, started_at DESC, id DESC);
CREATE INDEX calls_search_idx ON calls USING gin (search);

CREATE TABLE appointments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  call_id uuid REFERENCES calls (id) ON DELETE SET NULL,
  service text NOT NULL,
  caller_name text NOT NULL,
  caller_phone text,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled')),
  external_event_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  -- Two callers can never hold the same slot, whatever the application code does.
  CONSTRAINT appointments_no_overlap EXCLUDE USING gist (
    customer_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status = 'booked')
);

CREATE TABLE conversation_turns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  call_id uuid NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
  turn_index integer NOT NULL CHECK (turn_index >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  user_utterance text NOT NULL DEFAULT '',
  user_audio bytea,
  ai_response text NOT NULL DEFAULT '',
  ai_audio bytea,
  stt_provider text,
  tts_provider text,
  llm_provider text,
  confidence real CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
  sentiment text CHECK (sentiment IS NULL OR sentiment IN ('positive', 'neutral', 'negative')),
  intent text,
  interrupted boolean NOT NULL DEFAULT false,
  tool_calls jsonb NOT NULL DEFAULT '[]'::jsonb,
  latency jsonb NOT NULL DEFAULT '{}'::jsonb,
  failovers jsonb NOT NULL DEFAULT '[]'::jsonb,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  search tsvector GENERATED ALWAYS AS (
    to_tsvector('english', user_utterance || ' ' || ai_response)) STORED,
  UNIQUE (call_id, turn_index)
);
CREATE INDEX conversation_turns_customer_idx ON conversation_turns (customer_id, created_at DESC, id DESC);
CREATE INDEX conversation_turns_search_idx ON conversation_turns USING gin (search);

CREATE TABLE analytics_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid REFERENCES customers (id) ON DELETE CASCADE,
  event_type text NOT NULL CHECK (length(event_type) BETWEEN 1 AND 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  event_data jsonb NOT NULL DEFAULT '{}'::jsonb,
  user_id text,
  session_id text,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX analytics_events_customer_idx ON analytics_events (customer_id, created_at DESC);

CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid REFERENCES customers (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  template text NOT NULL,
  recipient text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text,
  provider_message_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  enqueued_at timestamptz,
  sent_at timestamptz
);
CREATE INDEX notifications_pending_idx ON notifications (created_at) WHERE status = 'pending';
CREATE INDEX notifications_customer_idx ON notifications (customer_id, created_at DESC);

CREATE TABLE webhook_events (
  id text PRIMARY KEY,
  provider text NOT NULL,
  event_type text NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  processed_at timestamptz
);

CREATE TABLE support_tickets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid REFERENCES customers (id) ON DELETE CASCADE,
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  message text NOT NULL CHECK (length(message) BETWEEN 1 AND 10000),
  origin text NOT NULL DEFAULT 'customer' CHECK (origin IN ('customer', 'system')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_tickets_customer_idx ON support_tickets (customer_id, created_at DESC);

CREATE TABLE job_failures (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  queue text NOT NULL,
  job_name text NOT NULL,
  job_id text NOT NULL,
  payload jsonb NOT NULL,
  error text NOT NULL,
  attempts integer NOT NULL,
  failed_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (queue, job_id)
);

CREATE TABLE exports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid REFERENCES customers (id) ON DELETE CASCADE,
  requested_by text NOT NULL,
  filters jsonb NOT NULL DEFAULT '{}'::jsonb,
  include_audio boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  progress smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  row_count integer NOT NULL DEFAULT 0,
  file_path text,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);

-- Down Migration
DROP TABLE IF EXISTS exports, job_failures, support_tickets, webhook_events, notifications,
  analytics_events, conversation_turns, appointments, calls, calendar_connections, oauth_states,
  phone_numbers, business_documents, sessions, login_links, onboarding_states, payments,
  paypal_orders, customers CASCADE;
DROP FUNCTION IF EXISTS onboarding_progress_guard();
