using Quartz;

namespace DocAxis.Hub.Federation;

/// <summary>
/// Quartz job that asks each peer hub what became of the letters forwarded to it. With several hub
/// instances it runs on the clustered scheduler, so one instance follows each peer at a time.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class FollowPeerHubsJob(RelayFollower follower) : IJob
{
    public static readonly JobKey Key = new("follow-peer-hubs", "docaxis");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await follower.FollowAllAsync(cancellationToken);
}
