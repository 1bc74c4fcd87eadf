namespace DocAxis.Hub.Options;

/// <summary>How the hub keeps its exchange statistics, section "Hub:Statistics".</summary>
public sealed class StatisticsOptions
{
    /// <summary>How often the statistics job folds new delivery events into the figures.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How old an event must be before it is counted. On PostgreSQL and SQL Server event ids can
    /// become visible out of order while transactions commit; waiting this long means none is
    /// skipped. Zero is safe on SQLite, whose single writer commits in id order.
    /// </summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Events read and folded per transaction. Small enough that each write is short (tens of
    /// milliseconds), which matters on SQLite, where submissions wait for the one writer.
    /// </summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>
    /// The civil time zone periods are counted in, as a UTC offset ("+07:00" for Vietnam): a letter
    /// sent at 23:30 local time counts for that day.
    /// </summary>
    public TimeSpan UtcOffset { get; set; } = TimeSpan.FromHours(7);
}
