-- The exchange log becomes tamper-evident (see the SQLite migration of the same name).
ALTER TABLE audit_events ADD seq BIGINT NULL, prev_hash VARBINARY(32) NULL, hash VARBINARY(32) NULL;
--;;
CREATE UNIQUE INDEX audit_events_seq ON audit_events (seq) WHERE seq IS NOT NULL;
--;;
CREATE INDEX audit_events_action ON audit_events (action, at);
--;;
CREATE TABLE audit_seals (
    seq       BIGINT         NOT NULL PRIMARY KEY,
    head_hash VARBINARY(32)  NOT NULL,
    sealed_at BIGINT         NOT NULL,
    sealed_by NVARCHAR(200)  NOT NULL,
    body      VARBINARY(MAX) NOT NULL,
    signature VARBINARY(MAX) NOT NULL
);
