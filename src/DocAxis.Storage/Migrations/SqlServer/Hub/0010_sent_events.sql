-- Each timeline event names the letter's sender, so that a sender's node can follow what happens
-- to its letters (TraceService.ListSentEvents) by an index instead of a join over every letter.
ALTER TABLE delivery_events ADD sender_code NVARCHAR(20) NULL;
-- Compiled when they run, after the column exists (one batch is compiled as a whole).
EXEC ('UPDATE e SET sender_code = v.sender_code FROM delivery_events e JOIN envelopes v ON v.id = e.envelope_id');
EXEC ('CREATE INDEX delivery_events_sender ON delivery_events (sender_code, at, id)');
