using System.Diagnostics;
using DocAxis.Core.Statistics;
using DocAxis.Hub.Options;
using DocAxis.Storage.Hub;
using DocAxis.Storage.Statistics;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hub.Statistics;

/// <summary>
/// Brings the exchange statistics up to date, for the statistics job and for an operator who asks.
/// It reads committed events and writes only statistics tables, off the request path, so the
/// exchange never waits for it; one run at a time per instance, and the stored watermark keeps
/// runs on different instances from counting an event twice.
/// </summary>
public sealed partial class ExchangeStatistics(HubStore store, HubOptions options, TimeProvider time, ILogger<ExchangeStatistics> logger)
{
    private readonly SemaphoreSlim _oneRun = new(1, 1);

    public StatisticsCalendar Calendar { get; } = new(options.Statistics.UtcOffset);

    public async Task<(StatisticsRun Run, TimeSpan Elapsed)> RefreshAsync(bool full, CancellationToken cancellationToken)
    {
        await _oneRun.WaitAsync(cancellationToken);
        try
        {
            var watch = Stopwatch.StartNew();
            var now = time.GetUtcNow();
            if (full)
            {
                await store.Statistics.ClearAsync(now);
            }

            var run = await store.Statistics.FoldAsync(
                Calendar, now - options.Statistics.SettleTime, options.Statistics.BatchSize, now, cancellationToken: cancellationToken);
            LogFolded(logger, run.Events, run.LastEventId, watch.Elapsed.TotalMilliseconds);
            return (run, watch.Elapsed);
        }
        finally
        {
            _oneRun.Release();
        }
    }

    [LoggerMessage(EventId = 1070, EventName = "StatisticsFolded", Level = LogLevel.Debug,
        Message = "Statistics: folded {Events} events, up to event {LastEventId}, in {ElapsedMs:F0} ms")]
    private static partial void LogFolded(ILogger logger, long events, long lastEventId, double elapsedMs);
}
