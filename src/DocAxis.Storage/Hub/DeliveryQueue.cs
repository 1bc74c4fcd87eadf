using Dapper;
using DocAxis.Core.Letters;
using static DocAxis.Storage.Hub.DeliveryEvents;

namespace DocAxis.Storage.Hub;

/// <summary>
/// Deliveries as work: leased so that each attempt is made by one hub instance, then moved along
/// the state machine (delivered, attempt failed, failed, re-queued), each move with its row in the
/// delivery's timeline, in one transaction.
/// </summary>
public sealed class DeliveryQueue(Database database) : HubStorePart(database)
{
    /// <summary>Claims up to <paramref name="limit"/> due deliveries for <paramref name="owner"/> until <paramref name="leaseUntil"/>.</summary>
    public async Task<IReadOnlyList<DeliveryKey>> LeaseDueAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit)
    {
        var rows = await Database.WriteAsync(connection => connection.QueryAsync<(string, string)>(
            Sql.LeaseDue, new { owner, now = Epoch.ToMs(now), leaseUntil = Epoch.ToMs(leaseUntil), limit }));
        return [.. rows.Select(r => new DeliveryKey(r.Item1, r.Item2))];
    }

    /// <summary>Claims one pending delivery for <paramref name="owner"/> unless another instance holds it; false if not claimed.</summary>
    public async Task<bool> LeaseDeliveryAsync(DeliveryKey key, string owner, DateTimeOffset now, DateTimeOffset leaseUntil) =>
        await Database.WriteAsync(connection => connection.ExecuteAsync(
            Sql.LeaseDelivery, new { key.EnvelopeId, key.RecipientCode, owner, now = Epoch.ToMs(now), leaseUntil = Epoch.ToMs(leaseUntil) })) == 1;

    /// <summary>Extends this instance's lease on a delivery while its transfer runs; false if the lease was lost.</summary>
    public async Task<bool> RenewLeaseAsync(DeliveryKey key, string owner, DateTimeOffset leaseUntil) =>
        await Database.WriteAsync(connection => connection.ExecuteAsync(
            Sql.RenewLease, new { key.EnvelopeId, key.RecipientCode, owner, leaseUntil = Epoch.ToMs(leaseUntil) })) == 1;

    /// <summary>Gives up an instance's leases on one letter's deliveries (accepted as the instance began to stop).</summary>
    public Task<int> ReleaseLeasesAsync(string envelopeId, string owner) =>
        Database.WriteAsync(connection => connection.ExecuteAsync(Sql.ReleaseEnvelopeLeases, new { envelopeId, owner }));

    /// <summary>Gives up every lease of an instance that is shutting down, so others need not wait for them to expire.</summary>
    public Task<int> ReleaseLeasesAsync(string owner) =>
        Database.WriteAsync(connection => connection.ExecuteAsync(Sql.ReleaseLeases, new { owner }));

    /// <summary>How many deliveries are pending and how many failed, for the hub's metrics.</summary>
    public async Task<(long Pending, long Failed)> CountUnfinishedDeliveriesAsync()
    {
        await using var connection = await Database.OpenAsync();
        var counts = (await connection.QueryAsync<(string State, long Count)>(Sql.CountUnfinished)).ToDictionary(c => c.State, c => c.Count);
        return (counts.GetValueOrDefault("Pending"), counts.GetValueOrDefault("Failed"));
    }

    public async Task<StoredDelivery?> GetDeliveryAsync(DeliveryKey key)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<StoredDelivery>(Sql.GetDelivery, key);
    }

    public async Task<IReadOnlyList<StoredDelivery>> GetDeliveriesAsync(string envelopeId)
    {
        await using var connection = await Database.OpenAsync();
        return [.. await connection.QueryAsync<StoredDelivery>(Sql.GetDeliveries, new { id = envelopeId })];
    }

    /// <summary>A letter's deliveries, every recipient's timeline and the signed status reports, as of one moment.</summary>
    public Task<LetterTimeline> ReadTimelineAsync(string envelopeId) => Database.ReadConsistentAsync(async (connection, transaction) =>
    {
        var id = new { id = envelopeId };
        var deliveries = await connection.QueryAsync<StoredDelivery>(Sql.GetDeliveries, id, transaction);
        var events = await connection.QueryAsync<DeliveryEvent>(Sql.GetEvents, id, transaction);
        var reports = await connection.QueryAsync<(string, byte[], byte[])>(Sql.ListStatusReports, id, transaction);
        return new LetterTimeline([.. deliveries], [.. events], [.. reports]);
    });

    /// <summary>Every recipient's timeline of a letter, in order.</summary>
    public async Task<IReadOnlyList<DeliveryEvent>> GetEventsAsync(string envelopeId)
    {
        await using var connection = await Database.OpenAsync();
        return [.. await connection.QueryAsync<DeliveryEvent>(Sql.GetEvents, new { id = envelopeId })];
    }

    /// <summary>The timeline events of a sender's letters after the keyset cursor (<paramref name="since"/>, <paramref name="afterId"/>), oldest first.</summary>
    public async Task<IReadOnlyList<DeliveryEvent>> ListSentEventsAsync(string senderCode, DateTimeOffset since, long afterId, int limit)
    {
        await using var connection = await Database.OpenAsync();
        return [.. await connection.QueryAsync<DeliveryEvent>(Sql.ListSentEvents, new { sender = senderCode, since = Epoch.ToMs(since), afterId, limit })];
    }

    /// <summary>The same, for every agency the platform node <paramref name="platformId"/> acts for.</summary>
    public async Task<IReadOnlyList<DeliveryEvent>> ListPlatformEventsAsync(string platformId, DateTimeOffset since, long afterId, int limit)
    {
        await using var connection = await Database.OpenAsync();
        return [.. await connection.QueryAsync<DeliveryEvent>(Sql.ListPlatformEvents, new { platform = platformId, since = Epoch.ToMs(since), afterId, limit })];
    }

    /// <summary>Records a verified delivery receipt; false if the delivery was no longer pending.</summary>
    public Task<bool> RecordDeliveredAsync(DeliveryKey key, int attempt, byte[] receipt, byte[] receiptSignature, DateTimeOffset at) =>
        TransitionAsync(Database, Sql, Sql.MarkDelivered, new
        {
            key.EnvelopeId, key.RecipientCode, Attempt = attempt, Receipt = receipt, ReceiptSignature = receiptSignature, At = Epoch.ToMs(at),
        }, Event(key, DeliveryEventKind.Delivered, Epoch.ToMs(at), attempt, proof: new SignedBytes(receipt, receiptSignature)));

    /// <summary>Records that the next hub, <paramref name="hubId"/>, took the letter for this recipient, with its signed acceptance.</summary>
    public Task<bool> RecordForwardedAsync(DeliveryKey key, int attempt, string hubId, SignedBytes acceptance, DateTimeOffset at) =>
        TransitionAsync(Database, Sql, Sql.MarkForwarded, new { key.EnvelopeId, key.RecipientCode, Attempt = attempt, HubId = hubId },
            Event(key, DeliveryEventKind.Forwarded, Epoch.ToMs(at), attempt, detail: hubId, proof: acceptance));

    /// <summary>The timeline events of the letters <paramref name="hubId"/> forwarded here, after the keyset cursor, oldest first.</summary>
    public async Task<IReadOnlyList<DeliveryEvent>> ListRelayedEventsAsync(string hubId, DateTimeOffset since, long afterId, int limit)
    {
        await using var connection = await Database.OpenAsync();
        return [.. await connection.QueryAsync<DeliveryEvent>(Sql.ListRelayedEvents, new { hub = hubId, since = Epoch.ToMs(since), afterId, limit })];
    }

    public Task<bool> RecordAttemptFailedAsync(DeliveryKey key, int attempt, string error, DateTimeOffset at, DateTimeOffset nextAt) =>
        TransitionAsync(Database, Sql, Sql.MarkAttemptFailed, new
        {
            key.EnvelopeId, key.RecipientCode, Attempt = attempt, Error = error, NextAt = Epoch.ToMs(nextAt),
        }, Event(key, DeliveryEventKind.AttemptFailed, Epoch.ToMs(at), attempt, detail: error));

    public Task<bool> RecordFailedAsync(DeliveryKey key, int attempt, string reason, DateTimeOffset at) =>
        TransitionAsync(Database, Sql, Sql.MarkFailed, new
        {
            key.EnvelopeId, key.RecipientCode, Attempt = attempt, Error = reason, At = Epoch.ToMs(at),
        }, Event(key, DeliveryEventKind.Failed, Epoch.ToMs(at), attempt, detail: reason));

    /// <summary>
    /// Puts a failed delivery back in the queue, due at <paramref name="at"/>, with its attempts and
    /// give-up age starting afresh, and records who asked and why; false if it had not failed.
    /// </summary>
    public Task<bool> RequeueAsync(DeliveryKey key, string requestedBy, string reason, DateTimeOffset at) =>
        TransitionAsync(Database, Sql, Sql.Requeue, new { key.EnvelopeId, key.RecipientCode, At = Epoch.ToMs(at) },
            Event(key, DeliveryEventKind.Requeued, Epoch.ToMs(at), detail: $"Re-queued by {requestedBy}: {reason}"));
}

/// <summary>What a trace shows of a letter, read together so that a status never shows in one part before the other.</summary>
public sealed record LetterTimeline(
    IReadOnlyList<StoredDelivery> Deliveries, IReadOnlyList<DeliveryEvent> Events, IReadOnlyList<(string RecipientCode, byte[] Body, byte[] Signature)> Reports);
