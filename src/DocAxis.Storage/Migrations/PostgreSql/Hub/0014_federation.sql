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
    enabled              BIGINT  NOT NULL,
    relay_since          BIGINT  NOT NULL DEFAULT 0,
    directory_version    BIGINT  NOT NULL DEFAULT 0,
    directory_expires_at BIGINT  NULL,
    created_at           BIGINT  NOT NULL,
    updated_at           BIGINT  NOT NULL
);

ALTER TABLE agencies ADD COLUMN via_hub TEXT NULL;
-- A platform node hosting many agencies acts for each with one TLS identity of its own.
ALTER TABLE agencies ADD COLUMN platform_id TEXT NULL;
-- Each change of an entry takes the next directory version: peer hubs copy the changes since theirs.
ALTER TABLE agencies ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
UPDATE agencies a SET version = r.n FROM (SELECT code, row_number() OVER (ORDER BY code) AS n FROM agencies) r WHERE r.code = a.code;
CREATE INDEX agencies_version ON agencies (version);
ALTER TABLE envelopes ADD COLUMN origin_hub TEXT NULL;
ALTER TABLE envelopes ADD COLUMN hops BYTEA NULL;
ALTER TABLE deliveries ADD COLUMN forwarded_to TEXT NULL;
ALTER TABLE delivery_events ADD COLUMN origin_hub TEXT NULL;
ALTER TABLE delivery_events ADD COLUMN hub_id TEXT NULL;
ALTER TABLE delivery_events ADD COLUMN proof BYTEA NULL;
ALTER TABLE delivery_events ADD COLUMN proof_signature BYTEA NULL;
ALTER TABLE delivery_events ADD COLUMN relay_key TEXT NULL;
CREATE UNIQUE INDEX delivery_events_relay ON delivery_events (relay_key) WHERE relay_key IS NOT NULL;
CREATE INDEX delivery_events_origin ON delivery_events (origin_hub, at, id) WHERE origin_hub IS NOT NULL;
ALTER TABLE delivery_events DROP CONSTRAINT delivery_events_kind_check;
ALTER TABLE delivery_events ADD CONSTRAINT delivery_events_kind_check
    CHECK (kind IN ('Accepted', 'AttemptFailed', 'Delivered', 'Status', 'Failed', 'Requeued', 'Amended', 'Forwarded'));
-- A platform node follows the letters of all the agencies it acts for in one read.
ALTER TABLE delivery_events ADD COLUMN sender_platform TEXT NULL;
CREATE INDEX delivery_events_platform ON delivery_events (sender_platform, at, id) WHERE sender_platform IS NOT NULL;
