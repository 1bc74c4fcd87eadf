-- The exchange log becomes tamper-evident (see the SQLite migration of the same name).
ALTER TABLE audit_events ADD COLUMN seq BIGINT NULL;
ALTER TABLE audit_events ADD COLUMN prev_hash BYTEA NULL;
ALTER TABLE audit_events ADD COLUMN hash BYTEA NULL;
CREATE UNIQUE INDEX audit_events_seq ON audit_events (seq);
CREATE INDEX audit_events_action ON audit_events (action, at);

CREATE TABLE audit_seals (
    seq       BIGINT NOT NULL PRIMARY KEY,
    head_hash BYTEA  NOT NULL,
    sealed_at BIGINT NOT NULL,
    sealed_by TEXT   NOT NULL,
    body      BYTEA  NOT NULL,
    signature BYTEA  NOT NULL
);
