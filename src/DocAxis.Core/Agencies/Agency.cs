namespace DocAxis.Core.Agencies;

/// <summary>An entry of the hub's agency directory.</summary>
/// <param name="NodeEndpoint">Address of the node that hosts the agency; null while it has none.</param>
public sealed record Agency(
    AgencyCode Code,
    string Name,
    GovernmentLevel Level,
    AgencyCode? ParentCode,
    Uri? NodeEndpoint,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public const int MaxNameLength = 200;
}
