using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Crypto.Signing;
using DocAxis.Hosting.Audit;
using DocAxis.Hub.Directory;
using DocAxis.Hub.Options;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Signing;
using Microsoft.Extensions.Logging;
using PeerHub = DocAxis.Core.Agencies.PeerHub;

namespace DocAxis.Hub.Federation;

/// <summary>
/// Copies the changes of each peer hub's directory, verified as signed by that hub. From the
/// upstream hub (Hub:Federation:Upstream, the source of truth) every agency this hub does not host
/// is copied, reached through it; from any other peer only the agencies that peer hosts itself, as
/// a provincial hub publishes its own upward. An agency a node of this hub hosts is never
/// overwritten. A peer that cannot be reached leaves the last good copy in use; once that copy
/// expires the alarm is raised (<see cref="DirectoryCopies"/>) and said once in the log.
/// </summary>
internal sealed class DirectoryFollower(
    HubStore store, PeerChannels channels, HubCredentials credentials, HubOptions options, SignatureVerifier verifier,
    DirectoryCopies copies, AuditTrail audit, TimeProvider time, ILogger<DirectoryFollower> logger)
{
    /// <summary>How many versions before its copy each refresh reads again, so a change committed out of order is not missed.</summary>
    private const long Overlap = 50;

    public async Task FollowAllAsync(CancellationToken cancellationToken)
    {
        foreach (var peer in await store.Peers.ListAsync())
        {
            if (!peer.Enabled)
            {
                copies.Forget(peer.HubId);
                continue;
            }

            var (version, expiresAt) = await store.Peers.DirectoryCopyAsync(peer.HubId);
            try
            {
                (version, expiresAt) = await CopyAsync(peer, version, cancellationToken);
                copies.Record(peer.HubId, new DirectoryCopies.Copy(version, expiresAt, null));
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
            {
                var announced = copies.All.GetValueOrDefault(peer.HubId)?.ExpiryAnnounced == true;
                var copy = new DirectoryCopies.Copy(version, expiresAt, e.Message, announced);
                if (copies.IsExpired(copy) && !announced)
                {
                    HubLog.DirectoryCopyExpired(logger, peer.HubId, expiresAt, version, e.Message);
                    copy = copy with { ExpiryAnnounced = true };
                }

                copies.Record(peer.HubId, copy);
            }
        }
    }

    private async Task<(long Version, DateTimeOffset? ExpiresAt)> CopyAsync(PeerHub peer, long version, CancellationToken cancellationToken)
    {
        var client = new FederationService.FederationServiceClient(channels.For(peer.Endpoint, credentials.Tls));
        var since = Math.Max(0, version - Overlap);
        DateTimeOffset? expiresAt = null;
        var written = 0;
        while (true)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(30));
            var signed = await client.GetDirectoryAsync(new GetDirectoryRequest { SinceVersion = since }, cancellationToken: deadline.Token);
            var delta = await SignedMessages.OpenAsync(verifier, signed.Body, signed.Signature, peer.HubId, DirectoryDelta.Parser, "directory delta", cancellationToken);
            written += await ApplyAsync(peer, delta);
            version = Math.Max(version, delta.Version);
            expiresAt = delta.ExpiresAt.ToDateTimeOffset();
            await store.Peers.RecordDirectoryCopyAsync(peer.HubId, version, expiresAt.Value);
            if (!delta.More)
            {
                break;
            }

            since = delta.Version;
        }

        if (written > 0)
        {
            HubLog.DirectoryCopied(logger, written, peer.HubId, version);
            audit.Record(peer.HubId, "CopyDirectory", "changed", detail: $"{written} entries from {peer.HubId}'s directory at version {version}");
        }

        return (version, expiresAt);
    }

    private async Task<int> ApplyAsync(PeerHub peer, DirectoryDelta delta)
    {
        var upstream = options.Federation.Upstream == peer.HubId;
        var copied = new List<Core.Agencies.Agency>();
        foreach (var entry in delta.Entries)
        {
            if (entry.HostedBy == credentials.Identity || (!upstream && entry.HostedBy != peer.HubId))
            {
                continue;
            }

            var proposed = entry.Agency.Clone();
            proposed.NodeEndpoint = string.Empty;
            proposed.PlatformId = string.Empty;
            proposed.ViaHub = entry.HostedBy.Length == 0 ? string.Empty : peer.HubId;
            try
            {
                copied.Add(AgencyMapper.ToDomain(proposed, time.GetUtcNow()));
            }
            catch (RefusalException e)
            {
                HubLog.DirectoryEntrySkipped(logger, entry.Agency.Code, peer.HubId, e.Message);
            }
        }

        return copied.Count == 0 ? 0 : (await store.Directory.ApplyCopyAsync(copied, time.GetUtcNow())).Count;
    }
}
