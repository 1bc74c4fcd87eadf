-- Revoke, update and replace letters (see the SQLite migration of the same name).
ALTER TABLE envelopes ADD COLUMN business_type SMALLINT NOT NULL DEFAULT 0;
ALTER TABLE envelopes ADD COLUMN referenced_envelope_id TEXT NULL;
CREATE INDEX envelopes_referenced ON envelopes (referenced_envelope_id) WHERE referenced_envelope_id IS NOT NULL;
ALTER TABLE deliveries ADD COLUMN amendment SMALLINT NULL;
ALTER TABLE deliveries ADD COLUMN amended_by TEXT NULL;
