-- The hub's store on SQL Server: the same tables as on SQLite. Times are Unix epoch milliseconds
-- (UTC); digests are raw bytes except where they name a blob (lowercase hex, the blob's file name).

CREATE TABLE agencies (
    code          NVARCHAR(20)  NOT NULL PRIMARY KEY,
    name          NVARCHAR(400) NOT NULL,
    level         BIGINT        NOT NULL CHECK (level BETWEEN 1 AND 4),
    parent_code   NVARCHAR(20)  NULL,
    node_endpoint NVARCHAR(400) NULL,
    enabled       BIGINT        NOT NULL CHECK (enabled IN (0, 1)),
    created_at    BIGINT        NOT NULL,
    updated_at    BIGINT        NOT NULL
);

CREATE TABLE envelopes (
    id                   NVARCHAR(36)   NOT NULL PRIMARY KEY,
    sender_code          NVARCHAR(20)   NOT NULL,
    subject              NVARCHAR(1000) NOT NULL,
    manifest             VARBINARY(MAX) NOT NULL,
    signature            VARBINARY(MAX) NOT NULL,
    manifest_sha256      VARBINARY(32)  NOT NULL,
    acceptance           VARBINARY(MAX) NOT NULL,
    acceptance_signature VARBINARY(MAX) NOT NULL,
    accepted_at          BIGINT         NOT NULL
);
CREATE INDEX envelopes_sender ON envelopes (sender_code, accepted_at);

CREATE TABLE attachments (
    envelope_id NVARCHAR(36)  NOT NULL REFERENCES envelopes (id),
    idx         BIGINT        NOT NULL,
    name        NVARCHAR(510) NOT NULL,
    media_type  NVARCHAR(254) NOT NULL,
    size        BIGINT        NOT NULL,
    sha256      NVARCHAR(64)  NOT NULL,
    PRIMARY KEY (envelope_id, idx)
);
CREATE INDEX attachments_blob ON attachments (sha256);

CREATE TABLE deliveries (
    envelope_id       NVARCHAR(36)   NOT NULL REFERENCES envelopes (id),
    recipient_code    NVARCHAR(20)   NOT NULL,
    position          BIGINT         NOT NULL,
    state             NVARCHAR(10)   NOT NULL CHECK (state IN ('Pending', 'Delivered', 'Failed')),
    status_code       NVARCHAR(2)    NULL,
    attempts          BIGINT         NOT NULL DEFAULT 0,
    next_attempt_at   BIGINT         NULL,
    last_error        NVARCHAR(MAX)  NULL,
    lease_owner       NVARCHAR(200)  NULL,
    lease_until       BIGINT         NULL,
    accepted_at       BIGINT         NOT NULL,
    delivered_at      BIGINT         NULL,
    failed_at         BIGINT         NULL,
    receipt           VARBINARY(MAX) NULL,
    receipt_signature VARBINARY(MAX) NULL,
    PRIMARY KEY (envelope_id, recipient_code)
);
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE state = 'Pending';
CREATE INDEX deliveries_recipient ON deliveries (recipient_code, state);

CREATE TABLE delivery_events (
    id             BIGINT IDENTITY(1, 1) PRIMARY KEY,
    envelope_id    NVARCHAR(36)  NOT NULL,
    recipient_code NVARCHAR(20)  NOT NULL,
    kind           NVARCHAR(20)  NOT NULL CHECK (kind IN ('Accepted', 'AttemptFailed', 'Delivered', 'Status', 'Failed')),
    attempt        BIGINT        NULL,
    status_code    NVARCHAR(2)   NULL,
    detail         NVARCHAR(MAX) NULL,
    at             BIGINT        NOT NULL
);
CREATE INDEX delivery_events_delivery ON delivery_events (envelope_id, recipient_code, id);

CREATE TABLE status_reports (
    report_id      NVARCHAR(36)   NOT NULL PRIMARY KEY,
    envelope_id    NVARCHAR(36)   NOT NULL,
    recipient_code NVARCHAR(20)   NOT NULL,
    status_code    NVARCHAR(2)    NOT NULL,
    body           VARBINARY(MAX) NOT NULL,
    signature      VARBINARY(MAX) NOT NULL,
    recorded_at    BIGINT         NOT NULL
);
