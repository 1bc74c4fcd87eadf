using DocAxis.Contracts.V1;
using DocAxis.Hub.Directory;
using DocAxis.Hub.Options;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Signing;
using Google.Protobuf.WellKnownTypes;

namespace DocAxis.Hub.Federation;

/// <summary>
/// This hub's directory as its peers copy it: the entries changed since the version a peer holds,
/// each with the hub that hosts the agency, signed by this hub, with the time until which the copy
/// may be trusted as current.
/// </summary>
internal sealed class DirectoryPublisher(HubStore store, HubCredentials credentials, HubOptions options, TimeProvider time)
{
    public const int PageSize = 1000;

    public async Task<SignedDirectoryDelta> ChangesSinceAsync(long since)
    {
        var changed = await store.Directory.ListChangedAsync(since, PageSize + 1);
        var now = time.GetUtcNow();
        var delta = new DirectoryDelta
        {
            HubId = credentials.Identity,
            SinceVersion = since,
            Version = changed.Take(PageSize).Select(c => c.Version).DefaultIfEmpty(since).Max(),
            IssuedAt = Timestamp.FromDateTimeOffset(now),
            ExpiresAt = Timestamp.FromDateTimeOffset(now + options.Federation.DirectoryValidity),
            More = changed.Count > PageSize,
        };
        foreach (var (agency, version) in changed.Take(PageSize))
        {
            var entry = AgencyMapper.ToProto(agency);
            entry.NodeEndpoint = string.Empty;
            entry.ViaHub = string.Empty;
            entry.PlatformId = string.Empty;
            delta.Entries.Add(new DirectoryEntry
            {
                Agency = entry,
                HostedBy = agency.ViaHub ?? (agency.NodeEndpoint is null ? string.Empty : credentials.Identity),
                Version = version,
            });
        }

        var (body, signature) = SignedMessages.Sign(delta, credentials.Signing, now);
        return new SignedDirectoryDelta { Body = body, Signature = signature };
    }
}
