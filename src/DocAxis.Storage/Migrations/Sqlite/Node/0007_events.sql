-- Each hosted agency's event record: what happened to the letters it sent and received, in the
-- order this node learned it. The sequence is the cursor a DMS resumes from; the source names what
-- recorded an event, so that recording it again (a hub event read twice) changes nothing.
CREATE TABLE events (
    seq              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    agency_code      TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('Received', 'Accepted', 'Refused', 'AttemptFailed', 'Delivered', 'Status', 'Failed', 'Requeued', 'Amended')),
    envelope_id      TEXT    NOT NULL,
    counterpart_code TEXT    NULL,
    status_code      TEXT    NULL,
    detail           TEXT    NULL,
    attempt          INTEGER NULL,
    at               INTEGER NOT NULL,
    source           TEXT    NOT NULL UNIQUE
);
CREATE INDEX events_agency ON events (agency_code, seq);

-- How far this node has followed the hub's timeline events of each agency's sent letters.
CREATE TABLE event_cursors (
    agency_code TEXT    NOT NULL PRIMARY KEY,
    hub_at      INTEGER NOT NULL
);

-- Letters already in the record's place before it existed are not replayed as events: the record
-- starts now, and a DMS reconciles older letters with ListInbox and TraceLetter as before.
