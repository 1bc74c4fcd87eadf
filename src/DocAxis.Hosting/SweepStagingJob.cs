using DocAxis.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DocAxis.Hosting;

/// <summary>Quartz job that removes uploads abandoned in staging (a sender that vanished, a crash mid-upload).</summary>
[DisallowConcurrentExecution]
public sealed partial class SweepStagingJob(BlobStore blobs, TimeProvider time, ILogger<SweepStagingJob> logger) : IJob
{
    public static readonly JobKey Key = new("sweep-staging", "docaxis");

    /// <summary>Longer than any upload still in progress could have been idle.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(6);

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var removed = blobs.SweepStaging(time.GetUtcNow() - AbandonedAfter);
        if (removed > 0)
        {
            LogSwept(logger, removed);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Every hour; on a hub with several instances it belongs on the clustered scheduler (the staging area is shared).</summary>
    public static IQuartzBuilder ScheduleStagingSweep(IQuartzBuilder quartz) =>
        quartz.ScheduleJob<SweepStagingJob>(
            trigger => trigger.WithIdentity(Key.Name, Key.Group).StartNow().WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever()),
            job => job.WithIdentity(Key));

    [LoggerMessage(EventId = 1041, EventName = "StagingSwept", Level = LogLevel.Information,
        Message = "Removed {Count} abandoned uploads from staging")]
    private static partial void LogSwept(ILogger logger, int count);
}
