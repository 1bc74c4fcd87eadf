using Dapper;

namespace DocAxis.Storage.Node;

/// <summary>
/// The lists a clerk pages through: an agency's sent letters with each one's recipients at a
/// glance, and its received letters, newest first, filtered and searched.
/// </summary>
public sealed class LetterLists(SqliteDatabase database)
{
    public async Task<IReadOnlyList<SentLetterSummary>> ListSentAsync(string agencyCode, LetterFilter filter, int offset, int limit)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<SentLetterSummary>(SentSql, Parameters(agencyCode, filter, offset, limit))];
    }

    public async Task<IReadOnlyList<InboxLetter>> ListReceivedAsync(string agencyCode, LetterFilter filter, int offset, int limit)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<InboxLetter>(ReceivedSql, Parameters(agencyCode, filter, offset, limit))];
    }

    /// <summary>Each recipient of a sent letter with its state as the node last learned it.</summary>
    public async Task<IReadOnlyList<SentDelivery>> RecipientsAsync(string envelopeId)
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<SentDelivery>(
            "SELECT * FROM sent_deliveries WHERE envelope_id = @envelopeId ORDER BY recipient_code", new { envelopeId })];
    }

    /// <summary>
    /// Folds the search text of letters stored before it was kept (node migration 0009), a batch at a
    /// time; returns how many rows it filled. Run once after migrating.
    /// </summary>
    public async Task<long> FillSearchTextAsync(CancellationToken cancellationToken = default)
    {
        var filled = 0L;
        foreach (var table in new[] { "outbox", "inbox" })
        {
            while (true)
            {
                await using var connection = await database.OpenAsync(cancellationToken);
                var rows = (await connection.QueryAsync<(long RowId, string Subject, string? Number, string? Notation)>(
                    $"SELECT rowid, subject, number, notation FROM {table} WHERE search_text IS NULL LIMIT 2000")).ToList();
                if (rows.Count == 0)
                {
                    break;
                }

                await database.InTransactionAsync(
                    (c, t) => c.ExecuteAsync($"UPDATE {table} SET search_text = @Text WHERE rowid = @RowId", rows.Select(r => new { r.RowId, Text = Core.Letters.SearchText.Of(r.Subject, r.Number, r.Notation) }), t),
                    cancellationToken);
                filled += rows.Count;
            }
        }

        return filled;
    }

    private static object Parameters(string agencyCode, LetterFilter filter, int offset, int limit) => new
    {
        agency = agencyCode,
        from = Epoch.ToMs(filter.From),
        to = Epoch.ToMs(filter.To),
        search = string.IsNullOrWhiteSpace(filter.Search) ? null : $"%{Escape(Core.Letters.SearchText.Fold(filter.Search.Trim()))}%",
        counterpart = string.IsNullOrWhiteSpace(filter.Counterpart) ? null : filter.Counterpart.Trim(),
        state = string.IsNullOrWhiteSpace(filter.State) ? null : filter.State,
        offset,
        limit,
    };

    private static string Escape(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    // The page of letters is chosen first, newest first along the (agency, queued_at) index, and only
    // its letters' recipients are counted: counting every letter's before sorting took 0.7 s at
    // 100,000 letters. The furthest status is the highest of 01-06; a recall's answers are not progress.
    private const string SentSql = """
        WITH page AS (
            SELECT o.envelope_id, o.subject, o.number, o.notation, o.state, o.queued_at, o.accepted_at, o.last_error
            FROM outbox o
            WHERE o.agency_code = @agency
                AND (@from IS NULL OR o.queued_at >= @from) AND (@to IS NULL OR o.queued_at < @to)
                AND (@search IS NULL OR o.search_text LIKE @search ESCAPE '\')
                AND (@counterpart IS NULL OR EXISTS (SELECT 1 FROM sent_deliveries r WHERE r.envelope_id = o.envelope_id AND r.recipient_code = @counterpart))
                AND (@state IS NULL OR o.state = @state
                    OR (o.state = 'Accepted' AND EXISTS (SELECT 1 FROM sent_deliveries s WHERE s.envelope_id = o.envelope_id AND s.state = @state)))
            ORDER BY o.queued_at DESC, o.envelope_id DESC
            LIMIT @limit OFFSET @offset)
        SELECT p.*,
            COUNT(d.recipient_code) AS recipients,
            COALESCE(SUM(d.state = 'Delivered'), 0) AS delivered,
            COALESCE(SUM(d.state = 'Pending'), 0) AS pending,
            COALESCE(SUM(d.state = 'Failed'), 0) AS failed,
            MAX(CASE WHEN d.status_code <= '06' THEN d.status_code END) AS furthest_status
        FROM page p LEFT JOIN sent_deliveries d ON d.envelope_id = p.envelope_id
        GROUP BY p.envelope_id
        ORDER BY p.queued_at DESC, p.envelope_id DESC
        """;

    private const string ReceivedSql = """
        SELECT * FROM inbox
        WHERE agency_code = @agency
            AND (@from IS NULL OR received_at >= @from) AND (@to IS NULL OR received_at < @to)
            AND (@search IS NULL OR search_text LIKE @search ESCAPE '\')
            AND (@counterpart IS NULL OR sender_code = @counterpart)
            AND (@state IS NULL OR (@state = 'New' AND status_code IS NULL) OR status_code = @state)
        ORDER BY received_at DESC, envelope_id DESC
        LIMIT @limit OFFSET @offset
        """;
}

/// <summary>What a clerk filters a list by; empty parts do not filter.</summary>
/// <param name="Counterpart">A recipient's code (sent letters) or the sender's (received ones).</param>
/// <param name="State">Sent: Queued, Refused, or a recipient's Pending, Delivered, Failed. Received: New or a status code.</param>
public sealed record LetterFilter(DateTimeOffset? From = null, DateTimeOffset? To = null, string? Counterpart = null, string? State = null, string? Search = null);

/// <summary>One sent letter with its recipients counted by state.</summary>
public sealed class SentLetterSummary
{
    public string EnvelopeId { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Number { get; init; } = "";
    public string Notation { get; init; } = "";
    public string State { get; init; } = "";
    public long QueuedAt { get; init; }
    public long? AcceptedAt { get; init; }
    public string? LastError { get; init; }
    public long Recipients { get; init; }
    public long Delivered { get; init; }
    public long Pending { get; init; }
    public long Failed { get; init; }
    public string? FurthestStatus { get; init; }
}

/// <summary>One recipient of a sent letter, as the node last learned from the hub.</summary>
public sealed class SentDelivery
{
    public string EnvelopeId { get; init; } = "";
    public string RecipientCode { get; init; } = "";
    public string State { get; init; } = "";
    public string? StatusCode { get; init; }
    public long UpdatedAt { get; init; }
}
