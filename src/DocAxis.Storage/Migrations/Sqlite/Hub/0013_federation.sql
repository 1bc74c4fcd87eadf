-- Hubs route to hubs: the peer hubs this hub forwards to and takes letters from, with the cursor
-- of what it has followed of each; an agency reached through a peer hub instead of a node; a
-- letter's previous hub and the hubs it passed; a delivery handed to the next hub; and timeline
-- events that name where they happened, carry their proof, and, when they came from a peer hub,
-- the key that makes following it again harmless; and the version of each directory entry and
-- of each peer hub's directory copied here, with the copy's expiry.
CREATE TABLE peer_hubs (
    hub_id               TEXT    NOT NULL PRIMARY KEY,
    name                 TEXT    NOT NULL,
    endpoint             TEXT    NOT NULL,
    enabled              INTEGER NOT NULL,
    relay_since          INTEGER NOT NULL DEFAULT 0,
    directory_version    INTEGER NOT NULL DEFAULT 0,
    directory_expires_at INTEGER NULL,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL
);

ALTER TABLE agencies ADD COLUMN via_hub TEXT NULL;
-- A platform node hosting many agencies acts for each with one TLS identity of its own.
ALTER TABLE agencies ADD COLUMN platform_id TEXT NULL;
-- Each change of an entry takes the next directory version: peer hubs copy the changes since theirs.
ALTER TABLE agencies ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
UPDATE agencies SET version = (SELECT COUNT(*) FROM agencies a WHERE a.code <= agencies.code);
CREATE INDEX agencies_version ON agencies (version);
ALTER TABLE envelopes ADD COLUMN origin_hub TEXT NULL;
ALTER TABLE envelopes ADD COLUMN hops BLOB NULL;
ALTER TABLE deliveries ADD COLUMN forwarded_to TEXT NULL;

-- SQLite cannot alter a CHECK constraint ('Forwarded' is a new kind), so delivery_events is
-- rebuilt with its rows and ids as they were, and the new columns.
CREATE TABLE delivery_events_new (
    id              INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    envelope_id     TEXT    NOT NULL,
    recipient_code  TEXT    NOT NULL,
    kind            TEXT    NOT NULL CHECK (kind IN ('Accepted', 'AttemptFailed', 'Delivered', 'Status', 'Failed', 'Requeued', 'Amended', 'Forwarded')),
    attempt         INTEGER NULL,
    status_code     TEXT    NULL,
    detail          TEXT    NULL,
    at              INTEGER NOT NULL,
    sender_code     TEXT    NULL,
    sender_platform TEXT    NULL,
    origin_hub      TEXT    NULL,
    hub_id          TEXT    NULL,
    proof           BLOB    NULL,
    proof_signature BLOB    NULL,
    relay_key       TEXT    NULL
);
INSERT INTO delivery_events_new (id, envelope_id, recipient_code, kind, attempt, status_code, detail, at, sender_code)
    SELECT id, envelope_id, recipient_code, kind, attempt, status_code, detail, at, sender_code FROM delivery_events;
-- AUTOINCREMENT never hands out an id twice: carry the old counter over, not just the highest id.
UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT seq FROM sqlite_sequence WHERE name = 'delivery_events'))
    WHERE name = 'delivery_events_new' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'delivery_events');
DROP TABLE delivery_events;
ALTER TABLE delivery_events_new RENAME TO delivery_events;
CREATE INDEX delivery_events_delivery ON delivery_events (envelope_id, recipient_code, id);
CREATE INDEX delivery_events_sender ON delivery_events (sender_code, at, id);
-- A platform node follows the letters of all the agencies it acts for in one read.
CREATE INDEX delivery_events_platform ON delivery_events (sender_platform, at, id) WHERE sender_platform IS NOT NULL;
CREATE UNIQUE INDEX delivery_events_relay ON delivery_events (relay_key) WHERE relay_key IS NOT NULL;
CREATE INDEX delivery_events_origin ON delivery_events (origin_hub, at, id) WHERE origin_hub IS NOT NULL;
