using DocAxis.Contracts.V1;
using DocAxis.Core;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace DocAxis.Node.HubDirectory;

/// <summary>
/// The hub's agency directory as this node last fetched it, so that an edXML package's older
/// agency codes map to current ones and an unknown recipient is refused before anything is queued.
/// Fetched on first use, again when older than <see cref="FreshFor"/>, and at most every
/// <see cref="MissRefresh"/> when a code is not in it (the agency may have just been added).
/// </summary>
public sealed class DirectoryCopy(HubLink hub, TimeProvider time, ILogger<DirectoryCopy> logger)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan MissRefresh = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private Snapshot? _snapshot;

    /// <summary>The directory, fetched as <paramref name="agency"/> if stale; the last copy if the hub cannot be reached; null if there never was one.</summary>
    public async Task<Snapshot?> GetAsync(HostedAgency agency, bool afterMiss, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = _snapshot;
        var due = current is null || now - current.FetchedAt > FreshFor || (afterMiss && now - current.FetchedAt > MissRefresh);
        if (!due)
        {
            return current;
        }

        await _fetching.WaitAsync(cancellationToken);
        try
        {
            if (!ReferenceEquals(current, _snapshot))
            {
                return _snapshot;
            }

            var listed = await hub.Directory(agency).ListAgenciesAsync(
                new ListAgenciesRequest { IncludeDisabled = true }, deadline: time.GetUtcNow().UtcDateTime + FetchTimeout, cancellationToken: cancellationToken);
            _snapshot = new Snapshot(listed.Agencies, time.GetUtcNow());
            NodeLog.DirectoryFetched(logger, listed.Agencies.Count);
            return _snapshot;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
        {
            NodeLog.DirectoryUnreachable(logger, e.Status.Detail);
            return _snapshot;
        }
        finally
        {
            _fetching.Release();
        }
    }

    /// <summary>
    /// Refuses a letter now, rather than in its trace later, when a recipient is not in the
    /// directory (after one refresh, in case it was just added) or is disabled there. Without any
    /// copy (the hub never reached) the letter is queued and the hub decides. Names are filled in
    /// from the directory where the draft left them empty. Malformed codes are left to the letter rules.
    /// </summary>
    public async Task EnsureRecipientsAsync(HostedAgency agency, IReadOnlyList<AgencyRef> recipients, string field, CancellationToken cancellationToken)
    {
        var snapshot = await GetAsync(agency, afterMiss: false, cancellationToken);
        for (var i = 0; i < recipients.Count && snapshot is not null; i++)
        {
            var recipient = recipients[i];
            if (!Core.Agencies.AgencyCode.TryParse(recipient.Code, out _))
            {
                continue;
            }

            var entry = snapshot.ByCode(recipient.Code);
            if (entry is null)
            {
                snapshot = await GetAsync(agency, afterMiss: true, cancellationToken) ?? snapshot;
                entry = snapshot.ByCode(recipient.Code);
            }

            if (Unusable(entry, recipient.Code, $"{field}[{i}].code") is { } refusal)
            {
                throw refusal;
            }

            if (recipient.Name.Length == 0)
            {
                recipient.Name = entry!.Name;
            }
        }
    }

    /// <summary>Why a letter cannot go to this directory entry: not there, disabled, or without a node to deliver to; null if it can.</summary>
    public static RefusalException? Unusable(Agency? entry, string code, string field) => entry switch
    {
        null => new RefusalException(RefusalReason.RecipientUnknown, $"{field} {code} is not in the directory.", field),
        { Enabled: false } => new RefusalException(RefusalReason.AgencyDisabled, $"{field} {code} is disabled in the directory: letters to it are refused.", field),
        { NodeEndpoint.Length: 0, ViaHub.Length: 0 } => new RefusalException(
            RefusalReason.RecipientUnroutable, $"{field} {code} is in the directory without a node or a hub the hub can deliver to.", field),
        _ => null,
    };

    /// <summary>One fetched copy, indexed by current and by older code.</summary>
    public sealed class Snapshot(IEnumerable<Agency> agencies, DateTimeOffset fetchedAt)
    {
        private readonly Dictionary<string, Agency> _byCode = agencies.ToDictionary(a => a.Code, StringComparer.Ordinal);

        private readonly Dictionary<string, Agency> _byLegacyCode = agencies.Where(a => a.LegacyCode.Length > 0)
            .GroupBy(a => a.LegacyCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        public DateTimeOffset FetchedAt => fetchedAt;

        public IReadOnlyCollection<Agency> All => _byCode.Values;

        public Agency? ByCode(string code) => _byCode.GetValueOrDefault(code);

        public Agency? ByLegacyCode(string code) => _byLegacyCode.GetValueOrDefault(code);
    }
}
