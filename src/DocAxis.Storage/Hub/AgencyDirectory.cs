using Dapper;
using DocAxis.Core.Agencies;

namespace DocAxis.Storage.Hub;

/// <summary>The hub's directory of agencies: who they are, their level of government, where their node listens.</summary>
public sealed class AgencyDirectory(Database database) : HubStorePart(database)
{
    public async Task<Agency> PutAgencyAsync(Agency agency, DateTimeOffset now)
    {
        await Database.WriteAsync(connection => connection.ExecuteAsync(Sql.PutAgency, Row(agency, now)));
        return (await GetAgencyAsync(agency.Code))!;
    }

    /// <summary>The entries changed after directory version <paramref name="since"/>, oldest change first, each with its version.</summary>
    public async Task<IReadOnlyList<(Agency Agency, long Version)>> ListChangedAsync(long since, int limit)
    {
        await using var connection = await Database.OpenAsync();
        return [.. (await connection.QueryAsync<AgencyRow>(Sql.ListChangedAgencies, new { since, limit })).Select(r => (r.ToAgency(), r.Version))];
    }

    /// <summary>
    /// Applies entries copied from a peer hub's directory in one transaction: an entry is written
    /// only if it differs from this directory's, and never over an agency a node of this hub hosts.
    /// Returns the entries written.
    /// </summary>
    public Task<IReadOnlyList<Agency>> ApplyCopyAsync(IReadOnlyList<Agency> copied, DateTimeOffset now) =>
        Database.InSharedTransactionAsync<IReadOnlyList<Agency>>(async (connection, transaction) =>
        {
            var codes = copied.Select(a => a.Code.Value).ToArray();
            var local = (await connection.QueryAsync<AgencyRow>(Sql.FindAgencies, new { codes }, transaction)).ToDictionary(r => r.Code, r => r.ToAgency());
            var written = new List<Agency>();
            foreach (var agency in copied)
            {
                if (local.TryGetValue(agency.Code.Value, out var mine) && (mine.NodeEndpoint is not null || SameEntry(mine, agency)))
                {
                    continue;
                }

                await connection.ExecuteAsync(Sql.PutAgency, Row(agency, now), transaction);
                written.Add(agency);
            }

            return written;
        });

    private static bool SameEntry(Agency a, Agency b) =>
        a.Name == b.Name && a.Level == b.Level && a.ParentCode == b.ParentCode && a.NodeEndpoint == b.NodeEndpoint
        && a.Enabled == b.Enabled && a.LegacyCode == b.LegacyCode && a.ViaHub == b.ViaHub && a.PlatformId == b.PlatformId;

    private static object Row(Agency agency, DateTimeOffset now) => new
    {
        Code = agency.Code.Value,
        agency.Name,
        Level = (int)agency.Level,
        ParentCode = agency.ParentCode?.Value,
        NodeEndpoint = agency.NodeEndpoint?.ToString(),
        Enabled = agency.Enabled ? 1 : 0,
        Now = Epoch.ToMs(now),
        agency.LegacyCode,
        agency.ViaHub,
        agency.PlatformId,
    };

    public async Task<Agency?> GetAgencyAsync(AgencyCode code)
    {
        await using var connection = await Database.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<AgencyRow>(Sql.GetAgency, new { code = code.Value });
        return row?.ToAgency();
    }

    public async Task<Agency?> FindByLegacyCodeAsync(string legacyCode)
    {
        await using var connection = await Database.OpenAsync();
        var row = await connection.QuerySingleOrDefaultAsync<AgencyRow>(Sql.FindAgencyByLegacyCode, new { legacyCode });
        return row?.ToAgency();
    }

    public async Task<IReadOnlyList<Agency>> ListAgenciesAsync(GovernmentLevel? level, bool includeDisabled)
    {
        await using var connection = await Database.OpenAsync();
        var rows = await connection.QueryAsync<AgencyRow>(
            Sql.ListAgencies, new { level = (int?)level, includeDisabled = includeDisabled ? 1 : 0 });
        return [.. rows.Select(r => r.ToAgency())];
    }

    public async Task<Agency?> DisableAgencyAsync(AgencyCode code, DateTimeOffset now)
    {
        await Database.WriteAsync(connection => connection.ExecuteAsync(Sql.DisableAgency, new { code = code.Value, now = Epoch.ToMs(now) }));
        return await GetAgencyAsync(code);
    }
}
