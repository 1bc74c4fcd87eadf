using DocAxis.Core.Agencies;

namespace DocAxis.Storage.Hub;

internal sealed class AgencyRow
{
    public string Code { get; init; } = "";
    public string Name { get; init; } = "";
    public long Level { get; init; }
    public string? ParentCode { get; init; }
    public string? NodeEndpoint { get; init; }
    public long Enabled { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public string? LegacyCode { get; init; }
    public string? ViaHub { get; init; }
    public long Version { get; init; }
    public string? PlatformId { get; init; }

    public Agency ToAgency() => new(
        AgencyCode.Parse(Code),
        Name,
        (GovernmentLevel)Level,
        ParentCode is null ? null : AgencyCode.Parse(ParentCode),
        NodeEndpoint is null ? null : new Uri(NodeEndpoint),
        Enabled != 0,
        Epoch.FromMs(CreatedAt),
        Epoch.FromMs(UpdatedAt),
        LegacyCode,
        ViaHub,
        PlatformId);
}
