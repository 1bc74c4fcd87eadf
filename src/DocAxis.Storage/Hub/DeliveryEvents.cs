using System.Data.Common;
using Dapper;
using DocAxis.Core.Letters;

namespace DocAxis.Storage.Hub;

/// <summary>The rows of a delivery's timeline, and the transitions that add one with the change they record.</summary>
internal static class DeliveryEvents
{
    public static object Event(
        DeliveryKey key, string kind, long at, int? attempt = null, string? statusCode = null, string? detail = null,
        SignedBytes? proof = null, RelayOrigin? relay = null) =>
        new
        {
            key.EnvelopeId, key.RecipientCode, Kind = kind, Attempt = attempt, StatusCode = statusCode, Detail = detail, At = at,
            HubId = relay?.HubId, Proof = proof?.Content, ProofSignature = proof?.Signature, RelayKey = relay?.Key,
        };

    /// <summary>Runs <paramref name="change"/> and, if it changed a row, records <paramref name="event"/>, in one transaction.</summary>
    public static Task<bool> TransitionAsync(Database database, HubStatements sql, string change, object parameters, object @event) =>
        database.InSharedTransactionAsync(async (DbConnection connection, DbTransaction transaction) =>
        {
            if (await connection.ExecuteAsync(change, parameters, transaction) == 0)
            {
                return false;
            }

            await connection.ExecuteAsync(sql.InsertEvent, @event, transaction);
            return true;
        });
}
