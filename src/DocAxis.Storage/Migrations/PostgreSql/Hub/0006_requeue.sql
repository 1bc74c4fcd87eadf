-- Failed is not the end (see the SQLite migration of the same name): the timeline may record
-- 'Requeued' (and, for recall and update, 'Amended'), and a re-queued delivery retries afresh.
ALTER TABLE delivery_events DROP CONSTRAINT delivery_events_kind_check;
ALTER TABLE delivery_events ADD CONSTRAINT delivery_events_kind_check
    CHECK (kind IN ('Accepted', 'AttemptFailed', 'Delivered', 'Status', 'Failed', 'Requeued', 'Amended'));
ALTER TABLE deliveries ADD COLUMN requeued_at BIGINT NULL;
