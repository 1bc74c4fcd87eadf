-- Revoke, update and replace letters refer to an earlier letter; each delivery of the earlier
-- letter then awaits its recipient's answer (15 agreed, 16 refused): amendment holds the business
-- type awaiting an answer (1 revoke, 2 update, 3 replace) and amended_by the letter that asked.
ALTER TABLE envelopes ADD COLUMN business_type INTEGER NOT NULL DEFAULT 0;
ALTER TABLE envelopes ADD COLUMN referenced_envelope_id TEXT NULL;
CREATE INDEX envelopes_referenced ON envelopes (referenced_envelope_id) WHERE referenced_envelope_id IS NOT NULL;
ALTER TABLE deliveries ADD COLUMN amendment INTEGER NULL;
ALTER TABLE deliveries ADD COLUMN amended_by TEXT NULL;
