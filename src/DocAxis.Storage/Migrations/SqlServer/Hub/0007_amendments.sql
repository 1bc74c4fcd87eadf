-- Revoke, update and replace letters (see the SQLite migration of the same name).
ALTER TABLE envelopes ADD business_type SMALLINT NOT NULL CONSTRAINT envelopes_business_type_default DEFAULT 0, referenced_envelope_id NVARCHAR(36) NULL;
--;;
CREATE INDEX envelopes_referenced ON envelopes (referenced_envelope_id) WHERE referenced_envelope_id IS NOT NULL;
--;;
ALTER TABLE deliveries ADD amendment SMALLINT NULL, amended_by NVARCHAR(36) NULL;
