-- Each letter's subject, number and notation folded for searching (lower case, without diacritics),
-- so that a clerk typing "hoi nghi" finds "Hội nghị". Rows stored before are filled in by the node
-- at start (NodeStore.MigrateAsync).
ALTER TABLE outbox ADD COLUMN search_text TEXT NULL;
ALTER TABLE inbox ADD COLUMN search_text TEXT NULL;
