using System.Data.Common;
using Dapper;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Core.Deliveries;
using DocAxis.Core.Letters;
using DocAxis.Storage.Audit;
using DocAxis.Storage.Blobs;

namespace DocAxis.Storage.Hub;

/// <summary>The hub's durable state: directory, accepted letters, deliveries and their timelines.</summary>
public sealed class HubStore(Database database) : IAuditLog, IInlineContent
{
    public const string Schema = "Hub";

    private readonly HubStatements _sql = HubStatements.For(database.Provider);

    public Database Database => database;

    public Task MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken = default) =>
        database.MigrateAsync(Schema, now, cancellationToken);

    public async Task<Agency> PutAgencyAsync(Agency agency, DateTimeOffset now)
    {
        await database.WriteAsync(connection => connection.ExecuteAsync(_sql.PutAgency, new
        {
            Code = agency.Code.Value,
            agency.Name,
            Level = (int)agency.Level,
            ParentCode = agency.ParentCode?.Value,
            NodeEndpoint = agency.NodeEndpoint?.ToString(),
            Enabled = agency.Enabled ? 1 : 0,
            Now = Epoch.ToMs(now),
        }));
        return (await GetAgencyAsync(agency.Code))!;
    }

    public async Task<Agency?> GetAgencyAsync(AgencyCode code)
    {
        await using var connection = await database.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<AgencyRow>(_sql.GetAgency, new { code = code.Value });
        return row?.ToAgency();
    }

    public async Task<IReadOnlyList<Agency>> ListAgenciesAsync(GovernmentLevel? level, bool includeDisabled)
    {
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<AgencyRow>(
            _sql.ListAgencies, new { level = (int?)level, includeDisabled = includeDisabled ? 1 : 0 });
        return [.. rows.Select(r => r.ToAgency())];
    }

    public async Task<Agency?> DisableAgencyAsync(AgencyCode code, DateTimeOffset now)
    {
        await database.WriteAsync(connection => connection.ExecuteAsync(_sql.DisableAgency, new { code = code.Value, now = Epoch.ToMs(now) }));
        return await GetAgencyAsync(code);
    }

    public async Task<StoredEnvelope?> FindEnvelopeAsync(string id)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<StoredEnvelope>(_sql.FindEnvelope, new { id });
    }

    public async Task<IReadOnlyList<StoredAttachment>> GetAttachmentsAsync(string envelopeId)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<StoredAttachment>(_sql.GetAttachments, new { id = envelopeId })];
    }

    public Task<byte[]?> FindContentAsync(string sha256Hex, CancellationToken cancellationToken) =>
        ContentRows.FindAsync(database, sha256Hex, cancellationToken);

    /// <summary>
    /// Commits the letter, its attachments (with the content of the small ones) and one pending
    /// delivery per recipient in one transaction, the deliveries leased if the caller asks (claiming
    /// them in the same commit saves the hub a second one per letter). Returns false, and writes
    /// nothing, if the envelope id is already taken.
    /// </summary>
    public Task<bool> AcceptAsync(NewEnvelope accepted) => database.InSharedTransactionAsync(async (connection, transaction) =>
    {
        var envelope = accepted.Envelope;
        if (await connection.ExecuteAsync(_sql.InsertEnvelope, envelope, transaction) == 0)
        {
            return false;
        }

        await connection.ExecuteAsync(
            _sql.InsertAttachment,
            accepted.Attachments.Select(a => new { EnvelopeId = envelope.Id, a.Idx, a.Name, a.MediaType, a.Size, a.Sha256 }),
            transaction);
        await connection.ExecuteAsync(_sql.InsertContent, accepted.InlineContent ?? [], transaction);
        var leaseOwner = accepted.Lease?.Owner;
        long? leaseUntil = accepted.Lease is { } lease ? Epoch.ToMs(lease.Until) : null;
        var deliveries = accepted.Recipients.Select((code, i) => new
        {
            EnvelopeId = envelope.Id, RecipientCode = code, Position = i, At = envelope.AcceptedAt, LeaseOwner = leaseOwner, LeaseUntil = leaseUntil,
        }).ToList();
        await connection.ExecuteAsync(_sql.InsertDelivery, deliveries, transaction);
        await connection.ExecuteAsync(
            _sql.InsertEvent,
            deliveries.Select(d => Event(new DeliveryKey(d.EnvelopeId, d.RecipientCode), DeliveryEventKind.Accepted, d.At)),
            transaction);
        if (envelope.ReferencedEnvelopeId is not null)
        {
            await AmendAsync(connection, transaction, accepted);
        }

        return true;
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
        var deliveries = await connection.QueryAsync<StoredDelivery>(_sql.GetDeliveriesForUpdate, new { id = original }, transaction);
        Amendments.EnsureAllowed(original, type, deliveries, accepted.Recipients);

        var keys = accepted.Recipients.Select(recipient => new DeliveryKey(original, recipient)).ToList();
        await connection.ExecuteAsync(
            _sql.SetAmendment, keys.Select(k => new { k.EnvelopeId, k.RecipientCode, Amendment = (int)type, AmendedBy = envelope.Id }), transaction);
        var why = accepted.BusinessReason.Length > 0 ? $": {accepted.BusinessReason}" : string.Empty;
        await connection.ExecuteAsync(
            _sql.InsertEvent,
            keys.Select(key => type == BusinessType.Revoke
                ? Event(key, DeliveryEventKind.Status, envelope.AcceptedAt, statusCode: ProcessingStatus.RecallRequested.Code, detail: $"Recall asked by letter {envelope.Id}{why}")
                : Event(key, DeliveryEventKind.Amended, envelope.AcceptedAt, detail: $"{(type == BusinessType.Update ? "Updated" : "Replaced")} by letter {envelope.Id}{why}")),
            transaction);
    }

    /// <summary>Claims up to <paramref name="limit"/> due deliveries for <paramref name="owner"/> until <paramref name="leaseUntil"/>.</summary>
    public async Task<IReadOnlyList<DeliveryKey>> LeaseDueAsync(string owner, DateTimeOffset now, DateTimeOffset leaseUntil, int limit)
    {
        var rows = await database.WriteAsync(connection => connection.QueryAsync<(string, string)>(
            _sql.LeaseDue, new { owner, now = Epoch.ToMs(now), leaseUntil = Epoch.ToMs(leaseUntil), limit }));
        return [.. rows.Select(r => new DeliveryKey(r.Item1, r.Item2))];
    }

    /// <summary>Claims one pending delivery for <paramref name="owner"/> unless another instance holds it; false if not claimed.</summary>
    public async Task<bool> LeaseDeliveryAsync(DeliveryKey key, string owner, DateTimeOffset now, DateTimeOffset leaseUntil) =>
        await database.WriteAsync(connection => connection.ExecuteAsync(
            _sql.LeaseDelivery, new { key.EnvelopeId, key.RecipientCode, owner, now = Epoch.ToMs(now), leaseUntil = Epoch.ToMs(leaseUntil) })) == 1;

    /// <summary>Extends this instance's lease on a delivery while its transfer runs; false if the lease was lost.</summary>
    public async Task<bool> RenewLeaseAsync(DeliveryKey key, string owner, DateTimeOffset leaseUntil) =>
        await database.WriteAsync(connection => connection.ExecuteAsync(
            _sql.RenewLease, new { key.EnvelopeId, key.RecipientCode, owner, leaseUntil = Epoch.ToMs(leaseUntil) })) == 1;

    /// <summary>Gives up an instance's leases on one letter's deliveries (accepted as the instance began to stop).</summary>
    public Task<int> ReleaseLeasesAsync(string envelopeId, string owner) =>
        database.WriteAsync(connection => connection.ExecuteAsync(_sql.ReleaseEnvelopeLeases, new { envelopeId, owner }));

    /// <summary>Gives up every lease of an instance that is shutting down, so others need not wait for them to expire.</summary>
    public Task<int> ReleaseLeasesAsync(string owner) =>
        database.WriteAsync(connection => connection.ExecuteAsync(_sql.ReleaseLeases, new { owner }));

    /// <summary>How many deliveries are pending and how many failed, for the hub's metrics.</summary>
    public async Task<(long Pending, long Failed)> CountUnfinishedDeliveriesAsync()
    {
        await using var connection = await database.OpenAsync();
        var counts = (await connection.QueryAsync<(string State, long Count)>(_sql.CountUnfinished)).ToDictionary(c => c.State, c => c.Count);
        return (counts.GetValueOrDefault("Pending"), counts.GetValueOrDefault("Failed"));
    }

    public async Task<StoredDelivery?> GetDeliveryAsync(DeliveryKey key)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<StoredDelivery>(_sql.GetDelivery, key);
    }

    public async Task<IReadOnlyList<StoredDelivery>> GetDeliveriesAsync(string envelopeId)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<StoredDelivery>(_sql.GetDeliveries, new { id = envelopeId })];
    }

    public async Task<IReadOnlyList<DeliveryEvent>> GetEventsAsync(string envelopeId)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<DeliveryEvent>(_sql.GetEvents, new { id = envelopeId })];
    }

    /// <summary>Records a verified delivery receipt; false if the delivery was no longer pending.</summary>
    public Task<bool> RecordDeliveredAsync(DeliveryKey key, int attempt, byte[] receipt, byte[] receiptSignature, DateTimeOffset at) =>
        Transition(_sql.MarkDelivered, new
        {
            key.EnvelopeId, key.RecipientCode, Attempt = attempt, Receipt = receipt, ReceiptSignature = receiptSignature, At = Epoch.ToMs(at),
        }, Event(key, DeliveryEventKind.Delivered, Epoch.ToMs(at), attempt));

    public Task<bool> RecordAttemptFailedAsync(DeliveryKey key, int attempt, string error, DateTimeOffset at, DateTimeOffset nextAt) =>
        Transition(_sql.MarkAttemptFailed, new
        {
            key.EnvelopeId, key.RecipientCode, Attempt = attempt, Error = error, NextAt = Epoch.ToMs(nextAt),
        }, Event(key, DeliveryEventKind.AttemptFailed, Epoch.ToMs(at), attempt, detail: error));

    public Task<bool> RecordFailedAsync(DeliveryKey key, int attempt, string reason, DateTimeOffset at) =>
        Transition(_sql.MarkFailed, new
        {
            key.EnvelopeId, key.RecipientCode, Attempt = attempt, Error = reason, At = Epoch.ToMs(at),
        }, Event(key, DeliveryEventKind.Failed, Epoch.ToMs(at), attempt, detail: reason));

    /// <summary>
    /// Puts a failed delivery back in the queue, due at <paramref name="at"/>, with its attempts and
    /// give-up age starting afresh, and records who asked and why; false if it had not failed.
    /// </summary>
    public Task<bool> RequeueAsync(DeliveryKey key, string requestedBy, string reason, DateTimeOffset at) =>
        Transition(_sql.Requeue, new { key.EnvelopeId, key.RecipientCode, At = Epoch.ToMs(at) },
            Event(key, DeliveryEventKind.Requeued, Epoch.ToMs(at), detail: $"Re-queued by {requestedBy}: {reason}"));

    /// <summary>
    /// Records a status report if the state machine allows it; a repeated report id returns the
    /// time it was first recorded. Throws a refusal for a contradicting status.
    /// </summary>
    public Task<DateTimeOffset> RecordStatusAsync(NewStatusReport report) => database.InSharedTransactionAsync(async (connection, transaction) =>
    {
        var earlier = await connection.QuerySingleOrDefaultAsync<(string EnvelopeId, string RecipientCode, string StatusCode, long RecordedAt)?>(
            _sql.FindStatusReport, new { id = report.ReportId }, transaction);
        if (earlier is { } seen)
        {
            if (seen.EnvelopeId != report.Delivery.EnvelopeId || seen.RecipientCode != report.Delivery.RecipientCode || seen.StatusCode != report.Status.Code)
            {
                throw new RefusalException(RefusalReason.FieldInvalid, $"report_id {report.ReportId} was already used for another status report.", "report_id");
            }

            return Epoch.FromMs(seen.RecordedAt);
        }

        var delivery = await connection.QuerySingleOrDefaultAsync<StoredDelivery>(_sql.GetDeliveryForUpdate, report.Delivery, transaction)
            ?? throw new RefusalException(RefusalReason.EnvelopeUnknown, $"No letter {report.Delivery.EnvelopeId} was sent to {report.Delivery.RecipientCode}.", "envelope_id");
        DeliveryStateMachine.EnsureStatusAllowed(delivery.DeliveryState, delivery.ProcessingStatus, report.Status, delivery.PendingAmendment);

        var at = Epoch.ToMs(report.RecordedAt);
        await connection.ExecuteAsync(_sql.InsertStatusReport, new
        {
            report.ReportId, report.Delivery.EnvelopeId, report.Delivery.RecipientCode, StatusCode = report.Status.Code,
            report.Body, report.Signature, RecordedAt = at,
        }, transaction);
        var shown = DeliveryStateMachine.StatusAfter(delivery.ProcessingStatus, report.Status, delivery.PendingAmendment);
        await connection.ExecuteAsync(
            report.Status.IsAmendmentAnswer ? _sql.AnswerAmendment : _sql.SetStatus,
            new { report.Delivery.EnvelopeId, report.Delivery.RecipientCode, StatusCode = shown?.Code },
            transaction);
        await connection.ExecuteAsync(_sql.InsertEvent, Event(report.Delivery, DeliveryEventKind.Status, at, statusCode: report.Status.Code, detail: report.Description), transaction);
        return report.RecordedAt;
    });

    /// <summary>The exchange log, in the same database.</summary>
    public AuditLog Audit { get; } = new(database);

    /// <summary>The exchange statistics and the paper counts, in the same database.</summary>
    public Statistics.StatisticsStore Statistics { get; } = new(database);

    /// <summary>Appends a batch of exchange-log entries to the chain, in one transaction.</summary>
    public Task AppendAuditAsync(IReadOnlyList<AuditRecord> records) => Audit.AppendAuditAsync(records);

    private Task<bool> Transition(string sql, object parameters, object @event) =>
        database.InSharedTransactionAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteAsync(sql, parameters, transaction) == 0)
            {
                return false;
            }

            await connection.ExecuteAsync(_sql.InsertEvent, @event, transaction);
            return true;
        });

    private static object Event(DeliveryKey key, string kind, long at, int? attempt = null, string? statusCode = null, string? detail = null) =>
        new { key.EnvelopeId, key.RecipientCode, Kind = kind, Attempt = attempt, StatusCode = statusCode, Detail = detail, At = at };
}
