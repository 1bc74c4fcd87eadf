using DocAxis.Hosting.Audit;
using DocAxis.Storage.Hub;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DocAxis.Hub.Jobs;

/// <summary>
/// Quartz job that signs the exchange log's head with the hub's key. It only reads the head and
/// writes one row, off the request path, so sealing never waits on or slows the exchange; with
/// several instances it runs on the clustered scheduler, once for the hub.
/// </summary>
[DisallowConcurrentExecution]
internal sealed partial class SealAuditJob(HubStore store, HubCredentials credentials, TimeProvider time, ILogger<SealAuditJob> logger) : IJob
{
    public static readonly JobKey Key = new("seal-audit", "docaxis");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (await store.Audit.HeadAsync() is not { } head)
        {
            return;
        }

        if (await store.Audit.LastSealAsync() is { } last && last.Seq >= head.Seq)
        {
            return;
        }

        await store.Audit.AppendSealAsync(AuditSeals.Create(head.Seq, head.Hash, credentials.Signing, time.GetUtcNow()));
        LogSealed(logger, head.Seq);
    }

    [LoggerMessage(EventId = 1060, EventName = "AuditSealed", Level = LogLevel.Information, Message = "Sealed the exchange log up to entry {Seq}")]
    private static partial void LogSealed(ILogger logger, long seq);
}
