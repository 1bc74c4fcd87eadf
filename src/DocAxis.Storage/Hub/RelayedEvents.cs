using Dapper;
using DocAxis.Core.Letters;
using static DocAxis.Storage.Hub.DeliveryEvents;

namespace DocAxis.Storage.Hub;

/// <summary>
/// What peer hubs report of the letters this hub forwarded to them, applied to this hub's own
/// deliveries and timelines. Each report is applied once, whatever the number of times it is read:
/// its relay key is recorded with the event in the same transaction.
/// </summary>
public sealed class RelayedEvents(Database database) : HubStorePart(database)
{
    /// <summary>Whether the event with this relay key was applied already.</summary>
    public async Task<bool> AppliedAsync(string relayKey)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(Sql.FindRelayKey, new { relayKey }) > 0;
    }

    /// <summary>A step further on that changes nothing here (a forward, a failed attempt, a re-queue): recorded in the timeline.</summary>
    public Task NoteAsync(DeliveryKey key, string kind, DateTimeOffset at, RelayOrigin relay, int? attempt, string? detail, SignedBytes? proof) =>
        Database.InSharedTransactionAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteScalarAsync<long>(Sql.FindRelayKey, new { relayKey = relay.Key }, transaction) > 0)
            {
                return false;
            }

            await connection.ExecuteAsync(Sql.InsertEvent, Event(key, kind, Epoch.ToMs(at), attempt, detail: detail, proof: proof, relay: relay), transaction);
            return true;
        });

    /// <summary>
    /// The next hub confirms it holds the letter for this recipient (its signed acceptance): the
    /// forward is recorded if this hub had not recorded it itself (it stopped before it could);
    /// false if it had.
    /// </summary>
    public Task<bool> ForwardedAsync(DeliveryKey key, string hubId, SignedBytes acceptance, DateTimeOffset at, RelayOrigin relay) =>
        TransitionAsync(Database, Sql, Sql.MarkForwarded, new { key.EnvelopeId, key.RecipientCode, Attempt = (int?)null, HubId = hubId },
            Event(key, DeliveryEventKind.Forwarded, Epoch.ToMs(at), detail: hubId, proof: acceptance, relay: relay));

    /// <summary>The recipient's signed receipt came back: the delivery is delivered here too; false if it was not pending.</summary>
    public Task<bool> DeliveredAsync(DeliveryKey key, int attempt, SignedBytes receipt, DateTimeOffset at, RelayOrigin relay) =>
        TransitionAsync(Database, Sql, Sql.MarkDelivered, new
        {
            key.EnvelopeId, key.RecipientCode, Attempt = attempt, Receipt = receipt.Content, ReceiptSignature = receipt.Signature, At = Epoch.ToMs(at),
        }, Event(key, DeliveryEventKind.Delivered, Epoch.ToMs(at), attempt, proof: receipt, relay: relay));

    /// <summary>A hub further on gave up: the delivery has failed here too, with that hub's reason; false if it was not pending.</summary>
    public Task<bool> FailedAsync(DeliveryKey key, int attempt, string reason, DateTimeOffset at, RelayOrigin relay) =>
        TransitionAsync(Database, Sql, Sql.MarkFailed, new { key.EnvelopeId, key.RecipientCode, Attempt = attempt, Error = reason, At = Epoch.ToMs(at) },
            Event(key, DeliveryEventKind.Failed, Epoch.ToMs(at), attempt, detail: reason, relay: relay));
}
