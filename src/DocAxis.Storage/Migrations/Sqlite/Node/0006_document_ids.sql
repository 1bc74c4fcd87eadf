-- The edXML DocumentId of each letter (empty for letters a DMS sent without one), so that a
-- package's revoke, update or replace can name the earlier letter it amends, and an edXML status
-- message the letter it answers, as edXML does: by DocumentId, not by envelope id.
ALTER TABLE outbox ADD COLUMN document_id TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_document ON outbox (agency_code, document_id) WHERE document_id <> '';
ALTER TABLE inbox ADD COLUMN document_id TEXT NOT NULL DEFAULT '';
CREATE INDEX inbox_document ON inbox (agency_code, document_id) WHERE document_id <> '';
