-- The hub's store. Times are Unix epoch milliseconds (UTC); digests are raw bytes except where
-- they name a blob (lowercase hex, the blob's file name).

CREATE TABLE agencies (
    code          TEXT    NOT NULL PRIMARY KEY,
    name          TEXT    NOT NULL,
    level         INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    parent_code   TEXT    NULL,
    node_endpoint TEXT    NULL,
    enabled       INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- One row per accepted letter: the manifest bytes and signature exactly as received, and the
-- hub-signed acceptance receipt that was returned (a resubmission gets the same one back).
CREATE TABLE envelopes (
    id                   TEXT    NOT NULL PRIMARY KEY,
    sender_code          TEXT    NOT NULL,
    subject              TEXT    NOT NULL,
    manifest             BLOB    NOT NULL,
    signature            BLOB    NOT NULL,
    manifest_sha256      BLOB    NOT NULL,
    acceptance           BLOB    NOT NULL,
    acceptance_signature BLOB    NOT NULL,
    accepted_at          INTEGER NOT NULL
);
CREATE INDEX envelopes_sender ON envelopes (sender_code, accepted_at);

-- Attachments are stored once per letter, whatever the number of recipients; content lives in
-- the content-addressed blob store under its SHA-256.
CREATE TABLE attachments (
    envelope_id TEXT    NOT NULL REFERENCES envelopes (id),
    idx         INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    media_type  TEXT    NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT    NOT NULL,
    PRIMARY KEY (envelope_id, idx)
);
CREATE INDEX attachments_blob ON attachments (sha256);

-- The per-recipient state machine: Pending -> Delivered | Failed, then edXML statuses.
CREATE TABLE deliveries (
    envelope_id       TEXT    NOT NULL REFERENCES envelopes (id),
    recipient_code    TEXT    NOT NULL,
    position          INTEGER NOT NULL,
    state             TEXT    NOT NULL CHECK (state IN ('Pending', 'Delivered', 'Failed')),
    status_code       TEXT    NULL,
    attempts          INTEGER NOT NULL DEFAULT 0,
    next_attempt_at   INTEGER NULL,
    last_error        TEXT    NULL,
    lease_owner       TEXT    NULL,
    lease_until       INTEGER NULL,
    accepted_at       INTEGER NOT NULL,
    delivered_at      INTEGER NULL,
    failed_at         INTEGER NULL,
    receipt           BLOB    NULL,
    receipt_signature BLOB    NULL,
    PRIMARY KEY (envelope_id, recipient_code)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'Pending';
CREATE INDEX deliveries_recipient ON deliveries (recipient_code, state);

-- Every transition of every delivery, for the sender's clerk: the trace timeline.
CREATE TABLE delivery_events (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    envelope_id    TEXT    NOT NULL,
    recipient_code TEXT    NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('Accepted', 'AttemptFailed', 'Delivered', 'Status', 'Failed')),
    attempt        INTEGER NULL,
    status_code    TEXT    NULL,
    detail         TEXT    NULL,
    at             INTEGER NOT NULL
);
CREATE INDEX delivery_events_delivery ON delivery_events (envelope_id, recipient_code, id);

-- Signed status reports as received; the report id makes a repeated report harmless.
CREATE TABLE status_reports (
    report_id      TEXT    NOT NULL PRIMARY KEY,
    envelope_id    TEXT    NOT NULL,
    recipient_code TEXT    NOT NULL,
    status_code    TEXT    NOT NULL,
    body           BLOB    NOT NULL,
    signature      BLOB    NOT NULL,
    recorded_at    INTEGER NOT NULL
);
