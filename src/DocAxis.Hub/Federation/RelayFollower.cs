using System.Collections.Concurrent;
using DocAxis.Contracts.V1;
using DocAxis.Core.Agencies;
using PeerHub = DocAxis.Core.Agencies.PeerHub;
using DocAxis.Hub.Options;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Peers;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hub.Federation;

/// <summary>
/// Follows, for each peer hub, what happened to the letters this hub forwarded there (forwards
/// further on, failed attempts, the recipient's receipt, its statuses, failures) and applies it to
/// this hub's deliveries, so that it travels back along the path to the sender. Each poll reads
/// again from a little before the cursor; what was applied already is recognised by its relay key.
/// </summary>
internal sealed class RelayFollower(
    HubStore store, PeerChannels channels, HubCredentials credentials, HubOptions options, RelayedEventApplier applier, ILogger<RelayFollower> logger)
{
    private const int Page = 500;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly ConcurrentDictionary<string, bool> _failing = new();

    /// <summary>Follows every enabled peer hub once; a peer that cannot be reached is said once per outage.</summary>
    public async Task FollowAllAsync(CancellationToken cancellationToken)
    {
        foreach (var peer in await store.Peers.ListAsync())
        {
            if (!peer.Enabled)
            {
                continue;
            }

            try
            {
                await FollowAsync(peer, cancellationToken);
                if (_failing.TryRemove(peer.HubId, out _))
                {
                    HubLog.RelayFollowedAgain(logger, peer.HubId);
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                if (_failing.TryAdd(peer.HubId, true))
                {
                    HubLog.RelayNotFollowed(logger, peer.HubId, e.Message);
                }
            }
        }
    }

    private async Task FollowAsync(PeerHub peer, CancellationToken cancellationToken)
    {
        var client = new FederationService.FederationServiceClient(channels.For(peer.Endpoint, credentials.Tls));
        var cursor = await store.Peers.RelayCursorAsync(peer.HubId);
        var since = cursor - options.Federation.Overlap;
        var afterId = 0L;
        while (true)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(Deadline);
            var page = await client.ListRelayedEventsAsync(
                new ListRelayedEventsRequest
                {
                    Since = Timestamp.FromDateTimeOffset(since < DateTimeOffset.UnixEpoch ? DateTimeOffset.UnixEpoch : since), AfterId = afterId, Limit = Page,
                },
                cancellationToken: deadline.Token);
            if (page.Events.Count == 0)
            {
                return;
            }

            foreach (var relayed in page.Events)
            {
                await applier.ApplyAsync(peer, relayed, cancellationToken);
            }

            var last = page.Events[^1];
            var lastAt = last.Event.At.ToDateTimeOffset();
            await store.Peers.MoveRelayCursorAsync(peer.HubId, lastAt);
            if (!page.More)
            {
                return;
            }

            (since, afterId) = (lastAt, last.Id);
        }
    }
}
