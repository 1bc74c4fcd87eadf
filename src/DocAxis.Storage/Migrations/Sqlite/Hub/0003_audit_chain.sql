-- The exchange log becomes tamper-evident: each entry carries its place in the chain (seq), the
-- hash of the entry before it and its own hash; seals are the hub's signatures over the chain head.
-- Entries written before this migration have no seq and stand outside the chain.
ALTER TABLE audit_events ADD COLUMN seq INTEGER NULL;
ALTER TABLE audit_events ADD COLUMN prev_hash BLOB NULL;
ALTER TABLE audit_events ADD COLUMN hash BLOB NULL;
CREATE UNIQUE INDEX audit_events_seq ON audit_events (seq);
CREATE INDEX audit_events_action ON audit_events (action, at);

CREATE TABLE audit_seals (
    seq       INTEGER NOT NULL PRIMARY KEY,
    head_hash BLOB    NOT NULL,
    sealed_at INTEGER NOT NULL,
    sealed_by TEXT    NOT NULL,
    body      BLOB    NOT NULL,
    signature BLOB    NOT NULL
);
