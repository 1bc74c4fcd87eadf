using DocAxis.Contracts.V1;
using DocAxis.Core.Agencies;
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
            // A platform's agencies are followed in one read; an agency with its own certificate on its own.
            var followed = agencies.All.Where(a => !agencies.OnPlatform(a)).Select(a => (Key: a.Code.Value, Agency: a, One: true));
            if (agencies.All.FirstOrDefault(agencies.OnPlatform) is { } onPlatform)
            {
                followed = followed.Prepend((PlatformCursor, onPlatform, false));
            }

            foreach (var (code, agency, one) in followed)
            {
                try
                {
                    await FollowAsync(code, agency, one, stoppingToken);
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

    /// <summary>The cursor of what the node has followed of all its platform agencies' letters.</summary>
    private const string PlatformCursor = "platform";

    /// <param name="key">The agency's code, or <see cref="PlatformCursor"/>.</param>
    /// <param name="one">Whether to follow <paramref name="agency"/>'s letters alone, or, as the platform, every agency's it acts for.</param>
    private async Task FollowAsync(string key, HostedAgency agency, bool one, CancellationToken cancellationToken)
    {
        var code = agency.Code.Value;
        var cursor = await store.Events.HubCursorAsync(key) ?? DateTimeOffset.UnixEpoch;
        var since = cursor - options.Events.HubOverlap;
        var afterId = 0L;
        while (true)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(HubRefusals.Deadline);
            var page = await hub.Trace(agency).ListSentEventsAsync(
                new ListSentEventsRequest
                {
                    Since = Timestamp.FromDateTimeOffset(since < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : since), AfterId = afterId, Limit = Page,
                    AgencyCode = one ? code : string.Empty,
                },
                cancellationToken: deadline.Token);
            if (page.Events.Count == 0)
            {
                return;
            }

            var last = page.Events[^1];
            var lastAt = last.Event.At.ToDateTimeOffset();
            var rows = page.Events
                .Select(e => (Agency: one ? code : e.SenderCode, Event: e))
                .Where(e => AgencyCode.TryParse(e.Agency, out var sender) && agencies.Hosts(sender))
                .Select(e => ToRow(e.Agency, e.Event));
            await store.Events.AppendFromHubAsync(key, [.. rows], lastAt > cursor ? lastAt : cursor);
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
