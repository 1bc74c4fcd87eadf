using System.Collections.Concurrent;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Peers;

namespace DocAxis.Hub.Access;

/// <summary>
/// Who may act for an agency over TLS: the agency itself, with its own certificate, or the
/// platform node the directory names as hosting it (<see cref="Agency.PlatformId"/>), with the
/// platform's. Directory entries are read at most every few seconds per agency; a change of
/// platform takes effect within that time.
/// </summary>
public sealed class ActingAgencies(HubStore store, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (string? Platform, DateTimeOffset Until)> _platforms = new();

    public async Task<bool> ActsForAsync(PeerIdentity caller, string agency)
    {
        if (caller.Identity == agency)
        {
            return true;
        }

        var now = time.GetUtcNow();
        if (!_platforms.TryGetValue(agency, out var known) || known.Until < now)
        {
            var entry = AgencyCode.TryParse(agency, out var code) ? await store.Directory.GetAgencyAsync(code) : null;
            known = (entry?.PlatformId, now + CacheFor);
            _platforms[agency] = known;
        }

        return known.Platform is not null && known.Platform == caller.Identity;
    }

    /// <summary>Refuses (CLIENT_NOT_SENDER) unless the caller acts for <paramref name="agency"/>.</summary>
    public async Task EnsureActsForAsync(PeerIdentity caller, string agency, string what, string field)
    {
        if (!await ActsForAsync(caller, agency))
        {
            throw new RefusalException(
                RefusalReason.ClientNotSender,
                $"The TLS client is \"{caller.Identity}\", which is neither {agency} nor the platform the directory names for it; it may not {what}.",
                new Dictionary<string, string> { ["field"] = field, ["certificate"] = caller.Certificate });
        }
    }
}
