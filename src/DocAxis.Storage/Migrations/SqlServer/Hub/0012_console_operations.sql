-- The operators' console: failed deliveries listed newest first, and each hub instance's heartbeat
-- so the console can show which instances are up.
CREATE INDEX deliveries_failed ON deliveries (failed_at) WHERE state = 'Failed';

CREATE TABLE hub_instances (
    instance_id NVARCHAR(200) NOT NULL PRIMARY KEY,
    host        NVARCHAR(200) NOT NULL,
    process_id  BIGINT        NOT NULL,
    version     NVARCHAR(50)  NOT NULL,
    started_at  BIGINT        NOT NULL,
    seen_at     BIGINT        NOT NULL,
    stopped_at  BIGINT        NULL
);
