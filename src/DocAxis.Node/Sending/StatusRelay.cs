using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Deliveries;
using DocAxis.Node.Options;
using DocAxis.Storage;
using DocAxis.Storage.Node;
using Google.Protobuf;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocAxis.Node.Sending;

/// <summary>
/// Relays the signed status reports clerks queued, in the order they were queued per letter, in a
/// loop of its own so that letters going up (however large) never hold them back; retries while
/// the hub is unreachable or has not yet recorded the delivery the status is about.
/// </summary>
internal sealed class StatusRelay(
    NodeStore store,
    HostedAgencies agencies,
    HubLink hub,
    NodeOptions options,
    OutboxSignal signal,
    IJitterSource jitter,
    TimeProvider time,
    ILogger<StatusRelay> logger) : BackgroundService
{
    private const int ReportBatch = 32;
    private readonly RetrySchedule _retries = options.Outbox.ToSchedule(jitter);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var report in await store.DueStatusReportsAsync(time.GetUtcNow(), ReportBatch))
                {
                    await RelayAsync(report, stoppingToken);
                }

                await signal.WaitForReportsAsync(OutboxWaits.Until(await store.NextStatusReportDueAsync(), time.GetUtcNow(), options.Outbox.PollInterval), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                NodeLog.OutboxCrashed(logger, e);
                await signal.WaitForReportsAsync(options.Outbox.PollInterval, stoppingToken);
            }
        }
    }

    private async Task RelayAsync(QueuedStatusReport report, CancellationToken cancellationToken)
    {
        try
        {
            var agency = agencies.Sender(report.AgencyCode);
            await hub.Status(agency).ReportAsync(
                new SignedStatusReport { Body = ByteString.CopyFrom(report.Body), Signature = ByteString.CopyFrom(report.Signature) },
                cancellationToken: cancellationToken);
            await store.MarkStatusSentAsync(report.ReportId, time.GetUtcNow());
            NodeLog.StatusRelayed(logger, report.StatusCode, report.EnvelopeId);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The hub may not have recorded the delivery receipt yet: that status is worth retrying.
            var refused = HubRefusals.AsRefusal(e) is { Reason: not RefusalReason.DeliveryNotConfirmed };
            var error = HubRefusals.Describe(e);
            var outcome = _retries.AfterFailure(Epoch.FromMs(report.QueuedAt), (int)report.Attempts + 1, time.GetUtcNow(), error, final: refused);
            if (outcome.Retry)
            {
                await store.MarkStatusRetryAsync(report.ReportId, outcome.NextAttemptAt, error);
                NodeLog.StatusRetry(logger, report.StatusCode, report.EnvelopeId, outcome.NextAttemptAt, error);
                return;
            }

            await store.MarkStatusRefusedAsync(report.ReportId, outcome.Reason);
            NodeLog.StatusRefused(logger, report.StatusCode, report.EnvelopeId, outcome.Reason);
        }
    }
}
