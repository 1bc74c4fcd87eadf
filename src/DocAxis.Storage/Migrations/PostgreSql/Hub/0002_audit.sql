-- The exchange log, as on SQLite.
CREATE TABLE audit_events (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor       TEXT   NOT NULL,
    action      TEXT   NOT NULL,
    outcome     TEXT   NOT NULL,
    envelope_id TEXT   NULL,
    reason      TEXT   NULL,
    detail      TEXT   NULL
);
CREATE INDEX audit_events_envelope ON audit_events (envelope_id) WHERE envelope_id IS NOT NULL;
CREATE INDEX audit_events_actor ON audit_events (actor, at);
