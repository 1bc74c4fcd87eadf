using Quartz;

namespace DocAxis.Hub.Federation;

/// <summary>Quartz job that copies the changes of each peer hub's directory; on the clustered scheduler, once for the hub.</summary>
[DisallowConcurrentExecution]
internal sealed class SyncDirectoriesJob(DirectoryFollower follower) : IJob
{
    public static readonly JobKey Key = new("sync-directories", "docaxis");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await follower.FollowAllAsync(cancellationToken);
}
