-- Exchange statistics (see the SQLite migration of the same name).
CREATE TABLE stats_totals (
    scope       NVARCHAR(20) NOT NULL,
    granularity SMALLINT     NOT NULL,
    period      NVARCHAR(10) NOT NULL,
    sent        BIGINT       NOT NULL,
    received    BIGINT       NOT NULL,
    failed      BIGINT       NOT NULL,
    PRIMARY KEY (scope, granularity, period)
);
--;;
CREATE TABLE stats_durations (
    scope       NVARCHAR(20) NOT NULL,
    granularity SMALLINT     NOT NULL,
    period      NVARCHAR(10) NOT NULL,
    metric      SMALLINT     NOT NULL,
    bucket      INT          NOT NULL,
    count       BIGINT       NOT NULL,
    PRIMARY KEY (scope, granularity, period, metric, bucket)
);
--;;
CREATE TABLE stats_progress (
    id            INT    NOT NULL PRIMARY KEY CHECK (id = 1),
    last_event_id BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
--;;
INSERT INTO stats_progress (id, last_event_id, updated_at) VALUES (1, 0, 0);
--;;
CREATE TABLE paper_reports (
    agency_code NVARCHAR(20)  NOT NULL,
    month       NVARCHAR(7)   NOT NULL,
    paper_sent  BIGINT        NOT NULL CHECK (paper_sent >= 0),
    reported_by NVARCHAR(200) NOT NULL,
    reported_at BIGINT        NOT NULL,
    PRIMARY KEY (agency_code, month)
);
