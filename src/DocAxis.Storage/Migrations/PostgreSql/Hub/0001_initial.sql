-- The hub's store on PostgreSQL: the same tables as on SQLite. Times are Unix epoch milliseconds
-- (UTC); digests are raw bytes except where they name a blob (lowercase hex, the blob's file name).

CREATE TABLE agencies (
    code          TEXT    NOT NULL PRIMARY KEY,
    name          TEXT    NOT NULL,
    level         BIGINT  NOT NULL CHECK (level BETWEEN 1 AND 4),
    parent_code   TEXT    NULL,
    node_endpoint TEXT    NULL,
    enabled       BIGINT  NOT NULL CHECK (enabled IN (0, 1)),
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);

CREATE TABLE envelopes (
    id                   TEXT   NOT NULL PRIMARY KEY,
    sender_code          TEXT   NOT NULL,
    subject              TEXT   NOT NULL,
    manifest             BYTEA  NOT NULL,
    signature            BYTEA  NOT NULL,
    manifest_sha256      BYTEA  NOT NULL,
    acceptance           BYTEA  NOT NULL,
    acceptance_signature BYTEA  NOT NULL,
    accepted_at          BIGINT NOT NULL
);
CREATE INDEX envelopes_sender ON envelopes (sender_code, accepted_at);

CREATE TABLE attachments (
    envelope_id TEXT   NOT NULL REFERENCES envelopes (id),
    idx         BIGINT NOT NULL,
    name        TEXT   NOT NULL,
    media_type  TEXT   NOT NULL,
    size        BIGINT NOT NULL,
    sha256      TEXT   NOT NULL,
    PRIMARY KEY (envelope_id, idx)
);
CREATE INDEX attachments_blob ON attachments (sha256);

CREATE TABLE deliveries (
    envelope_id       TEXT   NOT NULL REFERENCES envelopes (id),
    recipient_code    TEXT   NOT NULL,
    position          BIGINT NOT NULL,
    state             TEXT   NOT NULL CHECK (state IN ('Pending', 'Delivered', 'Failed')),
    status_code       TEXT   NULL,
    attempts          BIGINT NOT NULL DEFAULT 0,
    next_attempt_at   BIGINT NULL,
    last_error        TEXT   NULL,
    lease_owner       TEXT   NULL,
    lease_until       BIGINT NULL,
    accepted_at       BIGINT NOT NULL,
    delivered_at      BIGINT NULL,
    failed_at         BIGINT NULL,
    receipt           BYTEA  NULL,
    receipt_signature BYTEA  NULL,
    PRIMARY KEY (envelope_id, recipient_code)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'Pending';
CREATE INDEX deliveries_recipient ON deliveries (recipient_code, state);

CREATE TABLE delivery_events (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    envelope_id    TEXT   NOT NULL,
    recipient_code TEXT   NOT NULL,
    kind           TEXT   NOT NULL CHECK (kind IN ('Accepted', 'AttemptFailed', 'Delivered', 'Status', 'Failed')),
    attempt        BIGINT NULL,
    status_code    TEXT   NULL,
    detail         TEXT   NULL,
    at             BIGINT NOT NULL
);
CREATE INDEX delivery_events_delivery ON delivery_events (envelope_id, recipient_code, id);

CREATE TABLE status_reports (
    report_id      TEXT   NOT NULL PRIMARY KEY,
    envelope_id    TEXT   NOT NULL,
    recipient_code TEXT   NOT NULL,
    status_code    TEXT   NOT NULL,
    body           BYTEA  NOT NULL,
    signature      BYTEA  NOT NULL,
    recorded_at    BIGINT NOT NULL
);
