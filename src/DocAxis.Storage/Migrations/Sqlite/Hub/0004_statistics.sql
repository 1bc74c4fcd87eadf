-- Exchange statistics, kept up to date incrementally by the statistics job: it folds the delivery
-- events after last_event_id into these rows, so its cost grows with new events, not with history.
-- scope: an agency code, 'level:N' (a level of government) or '*' (national); granularity 1 day,
-- 2 month, 3 quarter, 4 year; period its name in the hub's civil time ('2026-11-24', '2026-11',
-- '2026-Q4', '2026').
CREATE TABLE stats_totals (
    scope       TEXT    NOT NULL,
    granularity INTEGER NOT NULL,
    period      TEXT    NOT NULL,
    sent        INTEGER NOT NULL,
    received    INTEGER NOT NULL,
    failed      INTEGER NOT NULL,
    PRIMARY KEY (scope, granularity, period)
);

-- Log-scale histograms of durations from acceptance (metric 1 delivery, 2 arrival 01, 3 completion 06).
CREATE TABLE stats_durations (
    scope       TEXT    NOT NULL,
    granularity INTEGER NOT NULL,
    period      TEXT    NOT NULL,
    metric      INTEGER NOT NULL,
    bucket      INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (scope, granularity, period, metric, bucket)
);

CREATE TABLE stats_progress (
    id            INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    last_event_id INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
INSERT INTO stats_progress (id, last_event_id, updated_at) VALUES (1, 0, 0);

-- How many documents an agency still sent on paper in a month, as it reported them (the latest
-- report for a month replaces the earlier one).
CREATE TABLE paper_reports (
    agency_code TEXT    NOT NULL,
    month       TEXT    NOT NULL,
    paper_sent  INTEGER NOT NULL CHECK (paper_sent >= 0),
    reported_by TEXT    NOT NULL,
    reported_at INTEGER NOT NULL,
    PRIMARY KEY (agency_code, month)
);
