using Dapper;
using DocAxis.Core.Agencies;

namespace DocAxis.Storage.Hub;

/// <summary>The other hubs this hub forwards letters to and takes them from, with how far it has followed each.</summary>
public sealed class PeerHubs(Database database) : HubStorePart(database)
{
    public async Task<PeerHub> PutAsync(PeerHub peer, DateTimeOffset now)
    {
        await Database.WriteAsync(connection => connection.ExecuteAsync(Sql.PutPeerHub, new
        {
            peer.HubId, peer.Name, Endpoint = peer.Endpoint.ToString(), Enabled = peer.Enabled ? 1 : 0, Now = Epoch.ToMs(now),
        }));
        return (await GetAsync(peer.HubId))!;
    }

    public async Task<PeerHub?> GetAsync(string hubId)
    {
        await using var connection = await Database.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<PeerHubRow>("SELECT * FROM peer_hubs WHERE hub_id = @hubId", new { hubId });
        return row?.ToPeerHub();
    }

    public async Task<IReadOnlyList<PeerHub>> ListAsync()
    {
        await using var connection = await Database.OpenAsync();
        return [.. (await connection.QueryAsync<PeerHubRow>("SELECT * FROM peer_hubs ORDER BY hub_id")).Select(r => r.ToPeerHub())];
    }

    /// <summary>Up to when this hub has applied what <paramref name="hubId"/> reported of the letters forwarded to it.</summary>
    public async Task<DateTimeOffset> RelayCursorAsync(string hubId)
    {
        await using var connection = await Database.OpenAsync();
        return Epoch.FromMs(await connection.ExecuteScalarAsync<long>("SELECT relay_since FROM peer_hubs WHERE hub_id = @hubId", new { hubId }));
    }

    public Task MoveRelayCursorAsync(string hubId, DateTimeOffset since) =>
        Database.WriteAsync(connection => connection.ExecuteAsync(
            "UPDATE peer_hubs SET relay_since = @since WHERE hub_id = @hubId AND relay_since < @since", new { hubId, since = Epoch.ToMs(since) }));

    /// <summary>The version of <paramref name="hubId"/>'s directory copied here, and until when that copy may be trusted as current.</summary>
    public async Task<(long Version, DateTimeOffset? ExpiresAt)> DirectoryCopyAsync(string hubId)
    {
        await using var connection = await Database.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<(long Version, long? ExpiresAt)>(
            "SELECT directory_version, directory_expires_at FROM peer_hubs WHERE hub_id = @hubId", new { hubId });
        return (row.Version, row.ExpiresAt is { } at ? Epoch.FromMs(at) : null);
    }

    public Task RecordDirectoryCopyAsync(string hubId, long version, DateTimeOffset expiresAt) =>
        Database.WriteAsync(connection => connection.ExecuteAsync(
            "UPDATE peer_hubs SET directory_version = @version, directory_expires_at = @expiresAt WHERE hub_id = @hubId",
            new { hubId, version, expiresAt = Epoch.ToMs(expiresAt) }));

    private sealed class PeerHubRow
    {
        public string HubId { get; init; } = "";
        public string Name { get; init; } = "";
        public string Endpoint { get; init; } = "";
        public long Enabled { get; init; }
        public long UpdatedAt { get; init; }

        public PeerHub ToPeerHub() => new(HubId, Name, new Uri(Endpoint), Enabled != 0, Epoch.FromMs(UpdatedAt));
    }
}
