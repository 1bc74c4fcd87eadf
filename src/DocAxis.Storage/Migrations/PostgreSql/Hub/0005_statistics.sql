-- Exchange statistics (see the SQLite migration of the same name).
CREATE TABLE stats_totals (
    scope       TEXT     NOT NULL,
    granularity SMALLINT NOT NULL,
    period      TEXT     NOT NULL,
    sent        BIGINT   NOT NULL,
    received    BIGINT   NOT NULL,
    failed      BIGINT   NOT NULL,
    PRIMARY KEY (scope, granularity, period)
);

CREATE TABLE stats_durations (
    scope       TEXT     NOT NULL,
    granularity SMALLINT NOT NULL,
    period      TEXT     NOT NULL,
    metric      SMALLINT NOT NULL,
    bucket      INTEGER  NOT NULL,
    count       BIGINT   NOT NULL,
    PRIMARY KEY (scope, granularity, period, metric, bucket)
);

CREATE TABLE stats_progress (
    id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_event_id BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
INSERT INTO stats_progress (id, last_event_id, updated_at) VALUES (1, 0, 0);

CREATE TABLE paper_reports (
    agency_code TEXT   NOT NULL,
    month       TEXT   NOT NULL,
    paper_sent  BIGINT NOT NULL CHECK (paper_sent >= 0),
    reported_by TEXT   NOT NULL,
    reported_at BIGINT NOT NULL,
    PRIMARY KEY (agency_code, month)
);
