using System.Data.Common;
using Dapper;
using DocAxis.Core.Deliveries;
using DocAxis.Core.Letters;
using DocAxis.Storage.Blobs;
using static DocAxis.Storage.Hub.DeliveryEvents;

namespace DocAxis.Storage.Hub;

/// <summary>
/// The letters the hub accepted: each committed with its attachments, its small content and one
/// pending delivery per recipient in one transaction, and a revoke, update or replace marking the
/// deliveries of the letter it amends in the same one.
/// </summary>
public sealed class LetterStore(Database database) : HubStorePart(database)
{
    public async Task<StoredEnvelope?> FindEnvelopeAsync(string id)
    {
        await using var connection = await Database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<StoredEnvelope>(Sql.FindEnvelope, new { id });
    }

    public async Task<IReadOnlyList<StoredAttachment>> GetAttachmentsAsync(string envelopeId)
    {
        await using var connection = await Database.OpenAsync();
        return [.. await connection.QueryAsync<StoredAttachment>(Sql.GetAttachments, new { id = envelopeId })];
    }

    public Task<byte[]?> FindContentAsync(string sha256Hex, CancellationToken cancellationToken) =>
        ContentRows.FindAsync(Database, sha256Hex, cancellationToken);

    /// <summary>
    /// Commits the letter, its attachments (with the content of the small ones) and one pending
    /// delivery per recipient in one transaction, the deliveries leased if the caller asks (claiming
    /// them in the same commit saves the hub a second one per letter). Returns false, and writes
    /// nothing, if the envelope id is already taken.
    /// </summary>
    public Task<bool> AcceptAsync(NewEnvelope accepted) => Database.InSharedTransactionAsync(async (connection, transaction) =>
    {
        var envelope = accepted.Envelope;
        if (await connection.ExecuteAsync(Sql.InsertEnvelope, envelope, transaction) == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(
            Sql.InsertAttachment,
            accepted.Attachments.Select(a => new { EnvelopeId = envelope.Id, a.Idx, a.Name, a.MediaType, a.Size, a.Sha256 }),
            transaction);
        await connection.ExecuteAsync(Sql.InsertContent, accepted.InlineContent ?? [], transaction);
        var leaseOwner = accepted.Lease?.Owner;
        long? leaseUntil = accepted.Lease is { } lease ? Epoch.ToMs(lease.Until) : null;
        var deliveries = accepted.Recipients.Select((code, i) => new
        {
            EnvelopeId = envelope.Id, RecipientCode = code, Position = i, At = envelope.AcceptedAt, LeaseOwner = leaseOwner, LeaseUntil = leaseUntil,
        }).ToList();
        await connection.ExecuteAsync(Sql.InsertDelivery, deliveries, transaction);
        await connection.ExecuteAsync(
            Sql.InsertEvent,
            // A forwarded letter's acceptance goes back to the hub that forwarded it as its proof of the hop (kept only then).
            deliveries.Select(d => Event(new DeliveryKey(d.EnvelopeId, d.RecipientCode), DeliveryEventKind.Accepted, d.At, proof: envelope.SignedAcceptance)),
            transaction);
        if (envelope.ReferencedEnvelopeId is not null)
        {
            await AmendAsync(connection, transaction, accepted);
        }

        return true;
    });

    /// <summary>
    /// A peer hub forwarded a letter held here again, for <paramref name="recipients"/>: a recipient
    /// without a delivery gets one, a failed delivery is re-queued (a re-queue further back resumes
    /// the path), others are left as they are. With a recipient added, the stored acceptance is
    /// replaced in the same transaction by <paramref name="acceptanceFor"/> of all the letter's
    /// recipients here, so that what the hub delivers always names its recipient. Returns the
    /// deliveries now due.
    /// </summary>
    public Task<IReadOnlyList<DeliveryKey>> AddForwardedDeliveriesAsync(
        string envelopeId, IReadOnlyList<string> recipients, string forwardedBy, DateTimeOffset now, Func<IReadOnlyList<string>, SignedBytes> acceptanceFor) =>
        Database.InSharedTransactionAsync<IReadOnlyList<DeliveryKey>>(async (connection, transaction) =>
        {
            var at = Epoch.ToMs(now);
            var held = (await connection.QueryAsync<StoredDelivery>(Sql.GetDeliveriesForUpdate, new { id = envelopeId }, transaction)).ToList();
            var existing = held.ToDictionary(d => d.RecipientCode);
            var added = new List<string>();
            var due = new List<DeliveryKey>();
            SignedBytes? acceptance = null;
            foreach (var recipient in recipients)
            {
                var key = new DeliveryKey(envelopeId, recipient);
                if (!existing.TryGetValue(recipient, out var delivery))
                {
                    acceptance ??= acceptanceFor([.. held.Select(d => d.RecipientCode), .. recipients.Where(r => !existing.ContainsKey(r))]);
                    await connection.ExecuteAsync(Sql.AddForwardedDelivery, new { EnvelopeId = envelopeId, RecipientCode = recipient, At = at }, transaction);
                    await connection.ExecuteAsync(Sql.InsertEvent, Event(key, DeliveryEventKind.Accepted, at, proof: acceptance), transaction);
                    added.Add(recipient);
                    due.Add(key);
                }
                else if (delivery.DeliveryState == DeliveryState.Failed)
                {
                    await connection.ExecuteAsync(Sql.Requeue, new { EnvelopeId = envelopeId, RecipientCode = recipient, At = at }, transaction);
                    await connection.ExecuteAsync(
                        Sql.InsertEvent, Event(key, DeliveryEventKind.Requeued, at, detail: $"Re-queued by {forwardedBy}, which forwarded the letter again"), transaction);
                    due.Add(key);
                }
            }

            if (acceptance is not null)
            {
                await connection.ExecuteAsync(
                    "UPDATE envelopes SET acceptance = @Content, acceptance_signature = @Signature WHERE id = @envelopeId",
                    new { acceptance.Content, acceptance.Signature, envelopeId },
                    transaction);
            }

            return due;
        });

    /// <summary>
    /// Marks each delivery of the earlier letter to this letter's recipients as awaiting their answer
    /// to the revoke, update or replacement, with the request in its timeline; refuses (and so rolls
    /// the whole acceptance back) if any of them may not be amended.
    /// </summary>
    private async Task AmendAsync(DbConnection connection, DbTransaction transaction, NewEnvelope accepted)
    {
        var envelope = accepted.Envelope;
        var original = envelope.ReferencedEnvelopeId!;
        var type = (BusinessType)envelope.BusinessType;
        var deliveries = await connection.QueryAsync<StoredDelivery>(Sql.GetDeliveriesForUpdate, new { id = original }, transaction);
        Amendments.EnsureAllowed(original, type, deliveries, accepted.Recipients);

        var keys = accepted.Recipients.Select(recipient => new DeliveryKey(original, recipient)).ToList();
        await connection.ExecuteAsync(
            Sql.SetAmendment, keys.Select(k => new { k.EnvelopeId, k.RecipientCode, Amendment = (int)type, AmendedBy = envelope.Id }), transaction);
        var why = accepted.BusinessReason.Length > 0 ? $": {accepted.BusinessReason}" : string.Empty;
        await connection.ExecuteAsync(
            Sql.InsertEvent,
            keys.Select(key => type == BusinessType.Revoke
                ? Event(key, DeliveryEventKind.Status, envelope.AcceptedAt, statusCode: ProcessingStatus.RecallRequested.Code, detail: $"Recall asked by letter {envelope.Id}{why}")
                : Event(key, DeliveryEventKind.Amended, envelope.AcceptedAt, detail: $"{(type == BusinessType.Update ? "Updated" : "Replaced")} by letter {envelope.Id}{why}")),
            transaction);
    }
}
