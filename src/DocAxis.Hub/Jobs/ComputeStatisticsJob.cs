using DocAxis.Hub.Statistics;
using Quartz;

namespace DocAxis.Hub.Jobs;

/// <summary>
/// Quartz job that folds the delivery events recorded since its last run into the exchange
/// statistics: its cost grows with the new events, not with the history. It runs on the clustered
/// scheduler, once for the hub.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class ComputeStatisticsJob(ExchangeStatistics statistics) : IJob
{
    public static readonly JobKey Key = new("compute-statistics", "docaxis");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await statistics.RefreshAsync(full: false, cancellationToken);
}
