using Dapper;
using DocAxis.Core.Agencies;

namespace DocAxis.Storage.Hub;

/// <summary>The hub's directory of agencies: who they are, their level of government, where their node listens.</summary>
public sealed class AgencyDirectory(Database database) : HubStorePart(database)
{
    public async Task<Agency> PutAgencyAsync(Agency agency, DateTimeOffset now)
    {
        await Database.WriteAsync(connection => connection.ExecuteAsync(Sql.PutAgency, new
        {
            Code = agency.Code.Value,
            agency.Name,
            Level = (int)agency.Level,
            ParentCode = agency.ParentCode?.Value,
            NodeEndpoint = agency.NodeEndpoint?.ToString(),
            Enabled = agency.Enabled ? 1 : 0,
            Now = Epoch.ToMs(now),
            agency.LegacyCode,
        }));
        return (await GetAgencyAsync(agency.Code))!;
    }

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
