-- Hubs route to hubs: a sent letter's record also holds "forwarded to the next hub". SQLite cannot
-- alter a CHECK constraint, so the events table is rebuilt with its rows and sequence as they were.
CREATE TABLE events_new (
    seq              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    agency_code      TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('Received', 'Accepted', 'Refused', 'AttemptFailed', 'Delivered', 'Status', 'Failed', 'Requeued', 'Amended', 'Forwarded')),
    envelope_id      TEXT    NOT NULL,
    counterpart_code TEXT    NULL,
    status_code      TEXT    NULL,
    detail           TEXT    NULL,
    attempt          INTEGER NULL,
    at               INTEGER NOT NULL,
    source           TEXT    NOT NULL UNIQUE
);
INSERT INTO events_new (seq, agency_code, kind, envelope_id, counterpart_code, status_code, detail, attempt, at, source)
    SELECT seq, agency_code, kind, envelope_id, counterpart_code, status_code, detail, attempt, at, source FROM events;
-- AUTOINCREMENT never hands out a sequence twice: carry the old counter over, not just the highest one.
UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT seq FROM sqlite_sequence WHERE name = 'events'))
    WHERE name = 'events_new' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'events');
DROP TABLE events;
ALTER TABLE events_new RENAME TO events;
CREATE INDEX events_agency ON events (agency_code, seq);
