-- What a received letter does to an earlier one (0 new, 1 revoke, 2 update, 3 replace, and which),
-- and, on the earlier letter, the amendment awaiting this agency's answer (15 agreed, 16 refused).
ALTER TABLE inbox ADD COLUMN business_type INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inbox ADD COLUMN referenced_envelope_id TEXT NULL;
ALTER TABLE inbox ADD COLUMN amendment INTEGER NULL;
ALTER TABLE inbox ADD COLUMN amended_by TEXT NULL;
