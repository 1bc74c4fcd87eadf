namespace DocAxis.Storage.Hub;

/// <summary>Where PostgreSQL differs: claiming due deliveries skips rows other instances hold, and status reports lock their delivery.</summary>
internal sealed class PostgresHubStatements : HubStatements
{
    /// <summary>FOR UPDATE SKIP LOCKED: several hub instances claim disjoint batches without waiting on each other.</summary>
    public override string LeaseDue => """
        UPDATE deliveries AS d SET lease_owner = @owner, lease_until = @leaseUntil
        FROM (
            SELECT envelope_id, recipient_code FROM deliveries
            WHERE state = 'Pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now)
            ORDER BY next_attempt_at
            LIMIT @limit
            FOR UPDATE SKIP LOCKED) AS due
        WHERE d.envelope_id = due.envelope_id AND d.recipient_code = due.recipient_code
        RETURNING d.envelope_id, d.recipient_code
        """;

    public override string GetDeliveryForUpdate => GetDelivery + " FOR UPDATE";

    /// <summary>Npgsql takes the list as one array parameter, which IN cannot read.</summary>
    public override string FindAgencies => "SELECT * FROM agencies WHERE code = ANY(@codes)";

    public override string GetDeliveriesForUpdate => GetDeliveries + " FOR UPDATE";
}
