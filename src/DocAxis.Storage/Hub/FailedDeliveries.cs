using Dapper;

namespace DocAxis.Storage.Hub;

/// <summary>A failed delivery as the operators' queue shows it: the letter, its sender and why the hub gave up.</summary>
public sealed class FailedDelivery
{
    public string EnvelopeId { get; init; } = "";
    public string RecipientCode { get; init; } = "";
    public string SenderCode { get; init; } = "";
    public string Subject { get; init; } = "";
    public long Attempts { get; init; }
    public string? LastError { get; init; }
    public long AcceptedAt { get; init; }
    public long? FailedAt { get; init; }
}

/// <summary>Which failed deliveries to list: by sender and recipient, newest failure first, a page at a time.</summary>
public sealed record FailedQuery(string? SenderCode, string? RecipientCode, int Offset, int Limit);

/// <summary>The failed deliveries, which wait for an operator or their sender to re-queue them.</summary>
public sealed class FailedDeliveries(Database database) : HubStorePart(database)
{
    public async Task<IReadOnlyList<FailedDelivery>> ListAsync(FailedQuery query)
    {
        await using var connection = await Database.OpenAsync();
        return [.. await connection.QueryAsync<FailedDelivery>(Sql.ListFailed, new
        {
            sender = query.SenderCode, recipient = query.RecipientCode, offset = query.Offset, limit = query.Limit,
        })];
    }
}
