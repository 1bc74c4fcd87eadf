-- Each timeline event names the letter's sender, so that a sender's node can follow what happens
-- to its letters (TraceService.ListSentEvents) by an index instead of a join over every letter.
ALTER TABLE delivery_events ADD COLUMN sender_code TEXT NULL;
UPDATE delivery_events e SET sender_code = v.sender_code FROM envelopes v WHERE v.id = e.envelope_id;
CREATE INDEX delivery_events_sender ON delivery_events (sender_code, at, id);
