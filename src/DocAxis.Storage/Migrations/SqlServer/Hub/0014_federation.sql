-- Hubs route to hubs: the peer hubs this hub forwards to and takes letters from, with the cursor
-- of what it has followed of each; an agency reached through a peer hub instead of a node; a
-- letter's previous hub and the hubs it passed; a delivery handed to the next hub; and timeline
-- events that name where they happened, carry their proof, and, when they came from a peer hub,
-- the key that makes following it again harmless; and the version of each directory entry and
-- of each peer hub's directory copied here, with the copy's expiry.
CREATE TABLE peer_hubs (
    hub_id               NVARCHAR(200) NOT NULL PRIMARY KEY,
    name                 NVARCHAR(200) NOT NULL,
    endpoint             NVARCHAR(400) NOT NULL,
    enabled              INT           NOT NULL,
    relay_since          BIGINT        NOT NULL DEFAULT 0,
    directory_version    BIGINT        NOT NULL DEFAULT 0,
    directory_expires_at BIGINT        NULL,
    created_at           BIGINT        NOT NULL,
    updated_at           BIGINT        NOT NULL
);

ALTER TABLE agencies ADD via_hub NVARCHAR(200) NULL, version BIGINT NOT NULL DEFAULT 0, platform_id NVARCHAR(200) NULL;
ALTER TABLE envelopes ADD origin_hub NVARCHAR(200) NULL, hops VARBINARY(MAX) NULL;
ALTER TABLE deliveries ADD forwarded_to NVARCHAR(200) NULL;
ALTER TABLE delivery_events ADD origin_hub NVARCHAR(200) NULL, hub_id NVARCHAR(200) NULL,
    proof VARBINARY(MAX) NULL, proof_signature VARBINARY(MAX) NULL, relay_key NVARCHAR(300) NULL, sender_platform NVARCHAR(200) NULL;
-- Compiled when they run, after the columns exist (one batch is compiled as a whole).
-- Each change of an entry takes the next directory version: peer hubs copy the changes since theirs.
EXEC ('WITH r AS (SELECT version, row_number() OVER (ORDER BY code) AS n FROM agencies) UPDATE r SET version = n');
EXEC ('CREATE INDEX agencies_version ON agencies (version)');
EXEC ('CREATE UNIQUE INDEX delivery_events_relay ON delivery_events (relay_key) WHERE relay_key IS NOT NULL');
EXEC ('CREATE INDEX delivery_events_origin ON delivery_events (origin_hub, at, id) WHERE origin_hub IS NOT NULL');
-- A platform node follows the letters of all the agencies it acts for in one read.
EXEC ('CREATE INDEX delivery_events_platform ON delivery_events (sender_platform, at, id) WHERE sender_platform IS NOT NULL');
ALTER TABLE delivery_events DROP CONSTRAINT delivery_events_kind_check;
ALTER TABLE delivery_events ADD CONSTRAINT delivery_events_kind_check
    CHECK (kind IN ('Accepted', 'AttemptFailed', 'Delivered', 'Status', 'Failed', 'Requeued', 'Amended', 'Forwarded'));
