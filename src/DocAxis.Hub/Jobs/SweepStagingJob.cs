using DocAxis.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DocAxis.Hub.Jobs;

/// <summary>Quartz job that removes uploads abandoned in staging (a client that vanished, a crash mid-upload).</summary>
[DisallowConcurrentExecution]
internal sealed class SweepStagingJob(BlobStore blobs, TimeProvider time, ILogger<SweepStagingJob> logger) : IJob
{
    public static readonly JobKey Key = new("sweep-staging", "docaxis");

    /// <summary>Longer than any upload still in progress could have been idle.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(6);

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var removed = blobs.SweepStaging(time.GetUtcNow() - AbandonedAfter);
        if (removed > 0)
        {
            HubLog.StagingSwept(logger, removed);
        }

        return ValueTask.CompletedTask;
    }
}
