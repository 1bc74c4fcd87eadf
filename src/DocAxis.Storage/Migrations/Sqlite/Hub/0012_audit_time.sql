-- The auditors' search by time (a day, a month) reads the entries of that time, not the log from its start.
CREATE INDEX audit_events_at ON audit_events (at);
