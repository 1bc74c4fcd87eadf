using Dapper;
using DocAxis.Core;
using DocAxis.Core.Deliveries;
using DocAxis.Core.Letters;
using DocAxis.Storage.Audit;
using DocAxis.Storage.Blobs;

namespace DocAxis.Storage.Node;

/// <summary>An agency node's durable outbox, inbox and status relay.</summary>
public sealed class NodeStore(SqliteDatabase database) : IAuditLog, IInlineContent
{
    public const string Schema = "Node";

    public SqliteDatabase Database => database;

    public async Task MigrateAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await database.MigrateAsync(Schema, now, cancellationToken);
        // Letters stored before search_text existed get it now; a no-op query once they have.
        await Lists.FillSearchTextAsync(cancellationToken);
    }

    /// <summary>Queues a signed letter; if its envelope id is already queued, returns the earlier letter unchanged.</summary>
    public Task<OutboxLetter> QueueLetterAsync(OutboxLetter letter, IReadOnlyList<StoredContent> contents, IReadOnlyList<InlineContent>? inline = null) =>
        database.InSharedTransactionAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteAsync(NodeSql.InsertOutbox, letter, transaction) == 1)
            {
                await connection.ExecuteAsync(
                    NodeSql.InsertOutboxContent, contents.Select(c => new { letter.EnvelopeId, c.Idx, c.Size, c.Sha256 }), transaction);
                await connection.ExecuteAsync(
                    NodeSql.InsertSentDelivery, letter.RecipientCodes.Select(r => new { letter.EnvelopeId, RecipientCode = r, At = letter.QueuedAt }), transaction);
                await connection.ExecuteAsync(ContentRows.InsertIfAbsent, inline ?? [], transaction);
            }

            return await connection.QuerySingleAsync<OutboxLetter>(NodeSql.GetOutbox, new { id = letter.EnvelopeId }, transaction);
        });

    public Task<byte[]?> FindContentAsync(string sha256Hex, CancellationToken cancellationToken) =>
        ContentRows.FindAsync(database, sha256Hex, cancellationToken);

    public async Task<OutboxLetter?> GetOutboxAsync(string envelopeId)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<OutboxLetter>(NodeSql.GetOutbox, new { id = envelopeId });
    }

    public async Task<OutboxLetter?> FindSentByDocumentIdAsync(string agencyCode, string documentId)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<OutboxLetter>(NodeSql.FindOutboxByDocument, new { agency = agencyCode, documentId });
    }

    public async Task<InboxLetter?> FindReceivedByDocumentIdAsync(string agencyCode, string senderCode, string documentId)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<InboxLetter>(NodeSql.FindInboxByDocument, new { agency = agencyCode, sender = senderCode, documentId });
    }

    public async Task<IReadOnlyList<StoredContent>> GetOutboxContentAsync(string envelopeId)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<StoredContent>(NodeSql.GetOutboxContent, new { id = envelopeId })];
    }

    public async Task<IReadOnlyList<OutboxLetter>> DueOutboxAsync(DateTimeOffset now, int limit)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<OutboxLetter>(NodeSql.DueOutbox, new { now = Epoch.ToMs(now), limit })];
    }

    /// <summary>When the next queued letter that is not due at <paramref name="now"/> will be, if any.</summary>
    public async Task<DateTimeOffset?> NextLetterDueAsync(DateTimeOffset now)
    {
        await using var connection = await database.OpenAsync();
        return Epoch.FromMs(await connection.ExecuteScalarAsync<long?>(NodeSql.NextOutboxDue, new { now = Epoch.ToMs(now) }));
    }

    /// <summary>When the next status report that can be relayed is due (at once, if it is already), if any.</summary>
    public async Task<DateTimeOffset?> NextStatusReportDueAsync()
    {
        await using var connection = await database.OpenAsync();
        return Epoch.FromMs(await connection.ExecuteScalarAsync<long?>(NodeSql.NextStatusDue));
    }

    /// <summary>Records the hub's acceptance of a queued letter, and the event that tells of it.</summary>
    public Task MarkAcceptedAsync(string envelopeId, byte[] acceptance, byte[] acceptanceSignature, DateTimeOffset acceptedAt) =>
        EndSubmissionAsync(NodeSql.MarkAccepted, new
        {
            EnvelopeId = envelopeId, Acceptance = acceptance, AcceptanceSignature = acceptanceSignature, AcceptedAt = Epoch.ToMs(acceptedAt),
        }, envelopeId, LetterEventKinds.Accepted, null, acceptedAt);

    public async Task MarkSubmitRetryAsync(string envelopeId, DateTimeOffset nextAt, string error)
    {
        await database.WriteAsync(connection => connection.ExecuteAsync(NodeSql.MarkSubmitRetry, new { EnvelopeId = envelopeId, NextAt = Epoch.ToMs(nextAt), Error = error }));
    }

    /// <summary>Records the hub's refusal of a queued letter, and the event that tells of it.</summary>
    public Task MarkRefusedAsync(string envelopeId, string error, DateTimeOffset at) =>
        EndSubmissionAsync(NodeSql.MarkRefused, new { EnvelopeId = envelopeId, Error = error }, envelopeId, LetterEventKinds.Refused, error, at);

    private async Task EndSubmissionAsync(string change, object parameters, string envelopeId, string kind, string? detail, DateTimeOffset at)
    {
        var changed = await database.InSharedTransactionAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteAsync(change, parameters, transaction) == 0)
            {
                return false;
            }

            var agency = await connection.ExecuteScalarAsync<string>("SELECT agency_code FROM outbox WHERE envelope_id = @envelopeId", new { envelopeId }, transaction);
            await NodeEvents.AppendAsync(connection, transaction, new LetterEventRow
            {
                AgencyCode = agency!, Kind = kind, EnvelopeId = envelopeId, Detail = detail, At = Epoch.ToMs(at), Source = $"{kind}:{envelopeId}",
            });
            return true;
        });
        if (changed)
        {
            Events.Notify();
        }
    }

    public async Task<InboxLetter?> FindInboxAsync(string envelopeId, string agencyCode)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<InboxLetter>(NodeSql.FindInbox, new { EnvelopeId = envelopeId, AgencyCode = agencyCode });
    }

    /// <summary>Stores a verified letter, its content references and its small content; false if it was already stored.</summary>
    public async Task<bool> StoreInboxAsync(InboxLetter letter, IReadOnlyList<StoredContent> contents, IReadOnlyList<InlineContent>? inline = null)
    {
        var stored = await database.InSharedTransactionAsync(async (connection, transaction) =>
        {
            if (await connection.ExecuteAsync(NodeSql.InsertInbox, letter, transaction) == 0)
            {
                return false;
            }

            await connection.ExecuteAsync(
                NodeSql.InsertInboxContent,
                contents.Select(c => new { letter.EnvelopeId, letter.AgencyCode, c.Idx, c.Size, c.Sha256 }),
                transaction);
            await connection.ExecuteAsync(ContentRows.InsertIfAbsent, inline ?? [], transaction);
            if (letter.ReferencedEnvelopeId is not null)
            {
                await connection.ExecuteAsync(NodeSql.MarkAmended, letter, transaction);
            }

            await NodeEvents.AppendAsync(connection, transaction, new LetterEventRow
            {
                AgencyCode = letter.AgencyCode, Kind = LetterEventKinds.Received, EnvelopeId = letter.EnvelopeId, CounterpartCode = letter.SenderCode,
                At = letter.ReceivedAt, Source = $"{LetterEventKinds.Received}:{letter.EnvelopeId}:{letter.AgencyCode}",
            });
            return true;
        });
        if (stored)
        {
            Events.Notify();
        }

        return stored;
    }

    public async Task<IReadOnlyList<StoredContent>> GetInboxContentAsync(string envelopeId, string agencyCode)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<StoredContent>(NodeSql.GetInboxContent, new { EnvelopeId = envelopeId, AgencyCode = agencyCode })];
    }

    public async Task<IReadOnlyList<InboxLetter>> ListInboxAsync(string agencyCode, DateTimeOffset? after, bool unreportedOnly, int limit)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<InboxLetter>(NodeSql.ListInbox, new
        {
            agency = agencyCode, after = Epoch.ToMs(after) ?? -1, unreportedOnly = unreportedOnly ? 1 : 0, limit,
        })];
    }

    /// <summary>
    /// Queues a signed status report if the letter's statuses allow it, and records it as the
    /// letter's latest status. A repeated report id returns the earlier report.
    /// </summary>
    public Task<QueuedStatusReport> QueueStatusAsync(QueuedStatusReport report, ProcessingStatus status) =>
        database.InSharedTransactionAsync(async (connection, transaction) =>
        {
            var earlier = await connection.QuerySingleOrDefaultAsync<QueuedStatusReport>(NodeSql.FindStatusReport, new { id = report.ReportId }, transaction);
            if (earlier is not null)
            {
                return earlier.EnvelopeId == report.EnvelopeId && earlier.AgencyCode == report.AgencyCode && earlier.StatusCode == report.StatusCode
                    ? earlier
                    : throw new RefusalException(RefusalReason.FieldInvalid, $"report_id {report.ReportId} was already used for another status report.", "report_id");
            }

            var letter = await connection.QuerySingleOrDefaultAsync<InboxLetter>(NodeSql.FindInbox, report, transaction)
                ?? throw new RefusalException(RefusalReason.EnvelopeUnknown, $"Agency {report.AgencyCode} has no letter {report.EnvelopeId} in its inbox.", "envelope_id");
            var current = letter.StatusCode is null ? (ProcessingStatus?)null : ProcessingStatus.Parse(letter.StatusCode);
            var pending = (BusinessType?)letter.Amendment;
            DeliveryStateMachine.EnsureStatusAllowed(DeliveryState.Delivered, current, status, pending);

            await connection.ExecuteAsync(NodeSql.InsertStatusReport, report, transaction);
            await connection.ExecuteAsync(
                status.IsAmendmentAnswer ? NodeSql.AnswerAmendment : NodeSql.SetInboxStatus,
                new { report.EnvelopeId, report.AgencyCode, StatusCode = DeliveryStateMachine.StatusAfter(current, status, pending)?.Code },
                transaction);
            return report;
        });

    public async Task<IReadOnlyList<QueuedStatusReport>> DueStatusReportsAsync(DateTimeOffset now, int limit)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<QueuedStatusReport>(NodeSql.DueStatusReports, new { now = Epoch.ToMs(now), limit })];
    }

    public async Task MarkStatusSentAsync(string reportId, DateTimeOffset at)
    {
        await database.WriteAsync(connection => connection.ExecuteAsync(NodeSql.MarkStatusSent, new { ReportId = reportId, At = Epoch.ToMs(at) }));
    }

    public async Task MarkStatusRetryAsync(string reportId, DateTimeOffset nextAt, string error)
    {
        await database.WriteAsync(connection => connection.ExecuteAsync(NodeSql.MarkStatusRetry, new { ReportId = reportId, NextAt = Epoch.ToMs(nextAt), Error = error }));
    }

    /// <summary>The lists a clerk pages through.</summary>
    public LetterLists Lists { get; } = new(database);

    /// <summary>The people who sign in to the node's console, in the same database.</summary>
    public Accounts.ConsoleAccounts Accounts { get; } = new(database);

    /// <summary>Each hosted agency's event record, in the same database.</summary>
    public NodeEvents Events { get; } = new(database);

    /// <summary>The exchange log, in the same database.</summary>
    public AuditLog Audit { get; } = new(database);

    /// <summary>Appends a batch of exchange-log entries to the chain, in one transaction.</summary>
    public Task AppendAuditAsync(IReadOnlyList<AuditRecord> records) => Audit.AppendAuditAsync(records);

    public async Task MarkStatusRefusedAsync(string reportId, string error)
    {
        await database.WriteAsync(connection => connection.ExecuteAsync(NodeSql.MarkStatusRefused, new { ReportId = reportId, Error = error }));
    }
}
