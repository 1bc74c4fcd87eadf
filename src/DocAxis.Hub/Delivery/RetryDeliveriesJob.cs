using Microsoft.Extensions.Logging;
using Quartz;

namespace DocAxis.Hub.Delivery;

/// <summary>
/// Quartz job that claims deliveries whose next attempt is due and hands them to the dispatcher.
/// It only leases and queues, so it never holds the scheduler for the length of a transfer. It runs
/// on every hub instance; leases (FOR UPDATE SKIP LOCKED on PostgreSQL) keep the claims disjoint.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RetryDeliveriesJob(DeliveryDispatcher dispatcher, ILogger<RetryDeliveriesJob> logger) : IJob
{
    public static readonly JobKey Key = new("retry-deliveries", "docaxis");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var claimed = await dispatcher.DispatchDueAsync();
        if (claimed > 0)
        {
            HubLog.RetryJobClaimed(logger, claimed);
        }
    }
}
