-- An agency node's store. Every table carries the agency it belongs to, because one node may host
-- many agencies. Times are Unix epoch milliseconds (UTC).

-- Letters signed by this node and not yet (or already) accepted by the hub.
CREATE TABLE outbox (
    envelope_id          TEXT    NOT NULL PRIMARY KEY,
    agency_code          TEXT    NOT NULL,
    subject              TEXT    NOT NULL,
    manifest             BLOB    NOT NULL,
    signature            BLOB    NOT NULL,
    manifest_sha256      BLOB    NOT NULL,
    state                TEXT    NOT NULL CHECK (state IN ('Queued', 'Accepted', 'Refused')),
    attempts             INTEGER NOT NULL DEFAULT 0,
    next_attempt_at      INTEGER NOT NULL,
    last_error           TEXT    NULL,
    queued_at            INTEGER NOT NULL,
    accepted_at          INTEGER NULL,
    acceptance           BLOB    NULL,
    acceptance_signature BLOB    NULL
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'Queued';

CREATE TABLE outbox_attachments (
    envelope_id TEXT    NOT NULL REFERENCES outbox (envelope_id),
    idx         INTEGER NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT    NOT NULL,
    PRIMARY KEY (envelope_id, idx)
);

-- Letters delivered to an agency of this node, verified before they were stored.
CREATE TABLE inbox (
    envelope_id          TEXT    NOT NULL,
    agency_code          TEXT    NOT NULL,
    sender_code          TEXT    NOT NULL,
    sender_name          TEXT    NOT NULL,
    subject              TEXT    NOT NULL,
    number               TEXT    NOT NULL,
    notation             TEXT    NOT NULL,
    urgency              INTEGER NOT NULL,
    manifest             BLOB    NOT NULL,
    signature            BLOB    NOT NULL,
    manifest_sha256      BLOB    NOT NULL,
    acceptance           BLOB    NOT NULL,
    acceptance_signature BLOB    NOT NULL,
    receipt              BLOB    NOT NULL,
    receipt_signature    BLOB    NOT NULL,
    received_at          INTEGER NOT NULL,
    status_code          TEXT    NULL,
    attachment_count     INTEGER NOT NULL,
    total_size           INTEGER NOT NULL,
    PRIMARY KEY (envelope_id, agency_code)
);
CREATE INDEX inbox_agency ON inbox (agency_code, received_at);

CREATE TABLE inbox_attachments (
    envelope_id TEXT    NOT NULL,
    agency_code TEXT    NOT NULL,
    idx         INTEGER NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT    NOT NULL,
    PRIMARY KEY (envelope_id, agency_code, idx),
    FOREIGN KEY (envelope_id, agency_code) REFERENCES inbox (envelope_id, agency_code)
);

-- Status reports signed by this node for the hub, kept until the hub records them.
CREATE TABLE status_outbox (
    report_id       TEXT    NOT NULL PRIMARY KEY,
    envelope_id     TEXT    NOT NULL,
    agency_code     TEXT    NOT NULL,
    status_code     TEXT    NOT NULL,
    body            BLOB    NOT NULL,
    signature       BLOB    NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('Queued', 'Sent', 'Refused')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error      TEXT    NULL,
    queued_at       INTEGER NOT NULL,
    sent_at         INTEGER NULL
);
CREATE INDEX status_outbox_due ON status_outbox (next_attempt_at) WHERE state = 'Queued';
