-- Up Migration
-- The portal login link handed out by a capture, encrypted (AES-256-GCM, ENCRYPTION_KEY), so a
-- retried or duplicated capture answers the very same single-use link instead of minting another.
ALTER TABLE paypal_orders ADD COLUMN portal_token_enc bytea;
-- A system-opened ticket names what caused it (e.g. a failed notification), so escalating the same
-- failure twice cannot open two tickets.
ALTER TABLE support_tickets ADD COLUMN source_ref text UNIQUE;

-- Down Migration
ALTER TABLE support_tickets DROP COLUMN IF EXISTS source_ref;
ALTER TABLE paypal_orders DROP COLUMN IF EXISTS portal_token_enc;
