-- Failed is not the end: an operator (or the sender) re-queues a failed delivery, and the
-- timeline records it ('Requeued'); recall and update will record 'Amended'. SQLite cannot alter a
-- CHECK constraint, so delivery_events is rebuilt with its rows and ids as they were.
CREATE TABLE delivery_events_new (
    id             INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    envelope_id    TEXT    NOT NULL,
    recipient_code TEXT    NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('Accepted', 'AttemptFailed', 'Delivered', 'Status', 'Failed', 'Requeued', 'Amended')),
    attempt        INTEGER NULL,
    status_code    TEXT    NULL,
    detail         TEXT    NULL,
    at             INTEGER NOT NULL
);
INSERT INTO delivery_events_new (id, envelope_id, recipient_code, kind, attempt, status_code, detail, at)
    SELECT id, envelope_id, recipient_code, kind, attempt, status_code, detail, at FROM delivery_events;
-- AUTOINCREMENT never hands out an id twice: carry the old counter over, not just the highest id.
UPDATE sqlite_sequence SET seq = MAX(seq, (SELECT seq FROM sqlite_sequence WHERE name = 'delivery_events'))
    WHERE name = 'delivery_events_new' AND EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'delivery_events');
DROP TABLE delivery_events;
ALTER TABLE delivery_events_new RENAME TO delivery_events;
CREATE INDEX delivery_events_delivery ON delivery_events (envelope_id, recipient_code, id);

-- When a delivery was last re-queued: its retries, and their give-up age, count from then.
ALTER TABLE deliveries ADD COLUMN requeued_at INTEGER NULL;
