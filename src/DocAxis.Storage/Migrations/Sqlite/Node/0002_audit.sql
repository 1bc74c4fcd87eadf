-- The exchange log: what happened on this node, who did it, and why anything was refused. Written
-- in batches off the request path so that auditing never slows the exchange; append-only.
CREATE TABLE audit_events (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    at          INTEGER NOT NULL,
    actor       TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    outcome     TEXT    NOT NULL,
    envelope_id TEXT    NULL,
    reason      TEXT    NULL,
    detail      TEXT    NULL
);
CREATE INDEX audit_events_envelope ON audit_events (envelope_id) WHERE envelope_id IS NOT NULL;
CREATE INDEX audit_events_actor ON audit_events (actor, at);
