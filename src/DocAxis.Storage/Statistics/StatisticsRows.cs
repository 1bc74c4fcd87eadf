namespace DocAxis.Storage.Statistics;

/// <summary>One delivery event with what a statistics run needs to attribute it.</summary>
internal sealed class StatisticsEventRow
{
    public long Id { get; init; }
    public string Kind { get; init; } = "";
    public string? StatusCode { get; init; }
    public long At { get; init; }
    public string RecipientCode { get; init; } = "";
    public long Position { get; init; }
    public long AcceptedAt { get; init; }
    public string SenderCode { get; init; } = "";
    public long? SenderLevel { get; init; }
    public long? RecipientLevel { get; init; }
}

/// <summary>The stored counts of one scope and period.</summary>
public sealed class TotalsRow
{
    public string Scope { get; init; } = "";
    public long Granularity { get; init; }
    public string Period { get; init; } = "";
    public long Sent { get; init; }
    public long Received { get; init; }
    public long Failed { get; init; }
}

/// <summary>One bucket of a stored duration histogram.</summary>
public sealed class DurationRow
{
    public string Scope { get; init; } = "";
    public long Granularity { get; init; }
    public string Period { get; init; } = "";
    public long Metric { get; init; }
    public long Bucket { get; init; }
    public long Count { get; init; }
}

/// <summary>Paper-sent documents reported for one month, summed over the agencies in scope.</summary>
public sealed class PaperMonthRow
{
    public string Month { get; init; } = "";
    public long PaperSent { get; init; }
    public long Reports { get; init; }
}

/// <summary>How far the statistics have counted: the last delivery event folded in, and when.</summary>
public sealed record StatisticsProgress(long LastEventId, DateTimeOffset? UpdatedAt);

/// <summary>What one statistics run did.</summary>
public sealed record StatisticsRun(long Events, long LastEventId);
