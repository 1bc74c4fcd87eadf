using DocAxis.Contracts.V1;
using DocAxis.Node.Options;
using DocAxis.Node.Sending;
using DocAxis.Storage;
using DocAxis.Storage.Node;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocAxis.Node.Events;

/// <summary>
/// Follows, for each hosted agency, the hub's timeline of the letters it sent (deliveries, failed
/// attempts, statuses, re-queues) into the node's event record. Each poll reads again from a little
/// before the cursor (<see cref="EventOptions.HubOverlap"/>) and the record skips what it holds, so
/// an event a hub instance committed late is not lost; a hub that cannot be reached is asked again
/// at the next poll, from where the cursor stands.
/// </summary>
internal sealed class HubEventFollower(NodeStore store, HostedAgencies agencies, HubLink hub, NodeOptions options, TimeProvider time, ILogger<HubEventFollower> logger)
    : BackgroundService
{
    private const int Page = 500;
    private readonly HashSet<string> _failing = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var agency in agencies.All)
            {
                var code = agency.Code.Value;
                try
                {
                    await FollowAsync(agency, stoppingToken);
                    if (_failing.Remove(code))
                    {
                        NodeLog.EventsFollowedAgain(logger, code);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // Said once per outage, not at every poll.
                    if (_failing.Add(code))
                    {
                        NodeLog.EventsNotFollowed(logger, code, HubRefusals.Describe(e));
                    }
                }
            }

            try
            {
                await Task.Delay(options.Events.HubPollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FollowAsync(HostedAgency agency, CancellationToken cancellationToken)
    {
        var code = agency.Code.Value;
        var cursor = await store.Events.HubCursorAsync(code) ?? DateTimeOffset.UnixEpoch;
        var since = cursor - options.Events.HubOverlap;
        var afterId = 0L;
        while (true)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(HubRefusals.Deadline);
            var page = await hub.Trace(agency).ListSentEventsAsync(
                new ListSentEventsRequest
                {
                    Since = Timestamp.FromDateTimeOffset(since < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : since), AfterId = afterId, Limit = Page, AgencyCode = code,
                },
                cancellationToken: deadline.Token);
            if (page.Events.Count == 0)
            {
                return;
            }

            var last = page.Events[^1];
            var lastAt = last.Event.At.ToDateTimeOffset();
            await store.Events.AppendFromHubAsync(code, [.. page.Events.Select(e => ToRow(code, e))], lastAt > cursor ? lastAt : cursor);
            if (!page.More)
            {
                return;
            }

            (since, afterId) = (lastAt, last.Id);
        }
    }

    private static LetterEventRow ToRow(string agencyCode, SentLetterEvent e) => new()
    {
        AgencyCode = agencyCode,
        Kind = e.Event.Kind switch
        {
            TraceEventKind.AttemptFailed => LetterEventKinds.AttemptFailed,
            TraceEventKind.Delivered => LetterEventKinds.Delivered,
            TraceEventKind.Status => LetterEventKinds.Status,
            TraceEventKind.Failed => LetterEventKinds.Failed,
            TraceEventKind.Requeued => LetterEventKinds.Requeued,
            TraceEventKind.Amended => LetterEventKinds.Amended,
            TraceEventKind.Forwarded => LetterEventKinds.Forwarded,
            var other => throw new InvalidOperationException($"The hub sent a timeline event of kind {other}, which a sender's record does not hold."),
        },
        EnvelopeId = e.EnvelopeId,
        CounterpartCode = e.RecipientCode,
        StatusCode = e.Event.StatusCode.Length > 0 ? e.Event.StatusCode : null,
        Detail = e.Event.Detail.Length > 0 ? e.Event.Detail : null,
        Attempt = e.Event.Attempt > 0 ? e.Event.Attempt : null,
        At = Epoch.ToMs(e.Event.At.ToDateTimeOffset()),
        Source = $"hub:{e.Id}",
    };
}
