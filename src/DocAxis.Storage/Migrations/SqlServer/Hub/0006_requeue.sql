-- Failed is not the end (see the SQLite migration of the same name): the timeline may record
-- 'Requeued' (and, for recall and update, 'Amended'), and a re-queued delivery retries afresh.
-- 0001 left the kind check unnamed, so SQL Server named it itself: find it by its column.
DECLARE @check sysname = (
    SELECT cc.name FROM sys.check_constraints AS cc
    JOIN sys.columns AS c ON c.object_id = cc.parent_object_id AND c.column_id = cc.parent_column_id
    WHERE cc.parent_object_id = OBJECT_ID(N'delivery_events') AND c.name = N'kind');
IF @check IS NOT NULL
    EXEC (N'ALTER TABLE delivery_events DROP CONSTRAINT ' + QUOTENAME(@check));
--;;
ALTER TABLE delivery_events ADD CONSTRAINT delivery_events_kind_check
    CHECK (kind IN ('Accepted', 'AttemptFailed', 'Delivered', 'Status', 'Failed', 'Requeued', 'Amended'));
--;;
ALTER TABLE deliveries ADD requeued_at BIGINT NULL;
