-- The people who sign in to the node's console: each a clerk of one hosted agency. Passwords are
-- kept only as ASP.NET Core password hashes; repeated failures lock an account for a while.
CREATE TABLE console_accounts (
    user_name       TEXT    NOT NULL PRIMARY KEY,
    display_name    TEXT    NOT NULL,
    role            TEXT    NOT NULL,
    agency_code     TEXT    NULL,
    password_hash   TEXT    NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NULL,
    disabled        INTEGER NOT NULL DEFAULT 0,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);

-- What a clerk's outbox shows at a glance: the number of each sent letter, and each recipient's
-- delivery state and latest status as the node learns them from the hub's timeline. Letters sent
-- before this migration list no recipients here; their trace still has them.
ALTER TABLE outbox ADD COLUMN number TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN notation TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_agency ON outbox (agency_code, queued_at);
CREATE TABLE sent_deliveries (
    envelope_id    TEXT    NOT NULL,
    recipient_code TEXT    NOT NULL,
    state          TEXT    NOT NULL CHECK (state IN ('Pending', 'Delivered', 'Failed')),
    status_code    TEXT    NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (envelope_id, recipient_code)
);
CREATE INDEX sent_deliveries_recipient ON sent_deliveries (recipient_code, envelope_id);
