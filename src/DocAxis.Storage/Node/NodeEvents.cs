using System.Data.Common;
using Dapper;

namespace DocAxis.Storage.Node;

/// <summary>
/// The node's event record (see migration 0007): appended in the same transaction as the change it
/// tells of, or from the hub's timeline by a follower, and read after a cursor. Readers waiting for
/// new events are woken by <see cref="Recorded"/> after each commit that added some.
/// </summary>
public sealed class NodeEvents(SqliteDatabase database)
{
    /// <summary>Raised after a commit that may have added events (possibly for several agencies).</summary>
    public event Action? Recorded;

    /// <summary>Events of <paramref name="agencyCode"/> after <paramref name="afterSequence"/>, in sequence order.</summary>
    public async Task<IReadOnlyList<LetterEventRow>> ListAsync(string agencyCode, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<LetterEventRow>(new CommandDefinition(
            ListSql, new { agency = agencyCode, after = afterSequence, limit }, cancellationToken: cancellationToken))];
    }

    /// <summary>The sequence of an agency's latest event, 0 if none: where a page's live feed starts.</summary>
    public async Task<long> LastSequenceAsync(string agencyCode)
    {
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long?>("SELECT MAX(seq) FROM events WHERE agency_code = @agencyCode", new { agencyCode }) ?? 0;
    }

    /// <summary>An agency's events about one letter, in order: its timeline as this node knows it.</summary>
    public async Task<IReadOnlyList<LetterEventRow>> ListForLetterAsync(string agencyCode, string envelopeId)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<LetterEventRow>(
            "SELECT * FROM events WHERE agency_code = @agencyCode AND envelope_id = @envelopeId ORDER BY seq", new { agencyCode, envelopeId })];
    }

    /// <summary>The time up to which the hub's timeline has been followed for an agency, if ever.</summary>
    public async Task<DateTimeOffset?> HubCursorAsync(string agencyCode)
    {
        await using var connection = await database.OpenAsync();
        return Epoch.FromMs(await connection.ExecuteScalarAsync<long?>("SELECT hub_at FROM event_cursors WHERE agency_code = @agencyCode", new { agencyCode }));
    }

    /// <summary>
    /// Appends events read from the hub, skipping those already recorded, and moves the agency's
    /// cursor forward to <paramref name="hubAt"/>, in one transaction; returns how many were new.
    /// </summary>
    public async Task<int> AppendFromHubAsync(string agencyCode, IReadOnlyList<LetterEventRow> events, DateTimeOffset hubAt)
    {
        var added = await database.InSharedTransactionAsync(async (connection, transaction) =>
        {
            var added = 0;
            foreach (var e in events)
            {
                if (await connection.ExecuteAsync(InsertSql, e, transaction) == 1)
                {
                    added++;
                    await ProjectAsync(connection, transaction, e);
                }
            }

            await connection.ExecuteAsync(MoveCursorSql, new { agencyCode, hubAt = Epoch.ToMs(hubAt) }, transaction);
            return added;
        });
        if (added > 0)
        {
            Notify();
        }

        return added;
    }

    /// <summary>Keeps each recipient's delivery state and latest status, for the console's outbox.</summary>
    private static Task ProjectAsync(DbConnection connection, DbTransaction transaction, LetterEventRow e)
    {
        var change = e.Kind switch
        {
            LetterEventKinds.Delivered => "state = 'Delivered'",
            LetterEventKinds.Failed => "state = 'Failed'",
            LetterEventKinds.Requeued => "state = 'Pending'",
            LetterEventKinds.Status => "status_code = @StatusCode",
            _ => null,
        };
        return change is null
            ? Task.CompletedTask
            : connection.ExecuteAsync(
                $"UPDATE sent_deliveries SET {change}, updated_at = @At WHERE envelope_id = @EnvelopeId AND recipient_code = @CounterpartCode", e, transaction);
    }

    /// <summary>Appends one event inside a caller's transaction; the caller calls <see cref="Notify"/> after it commits.</summary>
    internal static Task<int> AppendAsync(DbConnection connection, DbTransaction transaction, LetterEventRow row) =>
        connection.ExecuteAsync(InsertSql, row, transaction);

    internal void Notify() => Recorded?.Invoke();

    private const string InsertSql = """
        INSERT INTO events (agency_code, kind, envelope_id, counterpart_code, status_code, detail, attempt, at, source)
        VALUES (@AgencyCode, @Kind, @EnvelopeId, @CounterpartCode, @StatusCode, @Detail, @Attempt, @At, @Source)
        ON CONFLICT (source) DO NOTHING
        """;

    private const string ListSql = """
        SELECT * FROM events WHERE agency_code = @agency AND seq > @after ORDER BY seq LIMIT @limit
        """;

    private const string MoveCursorSql = """
        INSERT INTO event_cursors (agency_code, hub_at) VALUES (@agencyCode, @hubAt)
        ON CONFLICT (agency_code) DO UPDATE SET hub_at = MAX(hub_at, excluded.hub_at)
        """;
}

/// <summary>One entry of an agency's event record.</summary>
public sealed class LetterEventRow
{
    public long Seq { get; init; }
    public string AgencyCode { get; init; } = "";
    public string Kind { get; init; } = "";
    public string EnvelopeId { get; init; } = "";
    public string? CounterpartCode { get; init; }
    public string? StatusCode { get; init; }
    public string? Detail { get; init; }
    public long? Attempt { get; init; }
    public long At { get; init; }

    /// <summary>What recorded it, unique: "hub:{id}" for the hub's timeline, "{kind}:{envelope}" for the node's own.</summary>
    public string Source { get; init; } = "";
}

/// <summary>Kinds of <see cref="LetterEventRow"/>, as stored: the node's own and those of the hub's timeline.</summary>
public static class LetterEventKinds
{
    public const string Received = "Received";
    public const string Accepted = "Accepted";
    public const string Refused = "Refused";
    public const string AttemptFailed = "AttemptFailed";
    public const string Delivered = "Delivered";
    public const string Status = "Status";
    public const string Failed = "Failed";
    public const string Requeued = "Requeued";
    public const string Amended = "Amended";
    public const string Forwarded = "Forwarded";
}
