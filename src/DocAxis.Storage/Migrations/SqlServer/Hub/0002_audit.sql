-- The exchange log, as on SQLite.
CREATE TABLE audit_events (
    id          BIGINT IDENTITY(1, 1) PRIMARY KEY,
    at          BIGINT         NOT NULL,
    actor       NVARCHAR(200)  NOT NULL,
    action      NVARCHAR(100)  NOT NULL,
    outcome     NVARCHAR(40)   NOT NULL,
    envelope_id NVARCHAR(36)   NULL,
    reason      NVARCHAR(60)   NULL,
    detail      NVARCHAR(MAX)  NULL
);
CREATE INDEX audit_events_envelope ON audit_events (envelope_id) WHERE envelope_id IS NOT NULL;
CREATE INDEX audit_events_actor ON audit_events (actor, at);
