namespace DocAxis.Core.Agencies;

/// <summary>
/// Another hub this hub exchanges letters with (a provincial or branch hub, or the national hub):
/// letters for the agencies the directory routes through it are forwarded to it, and it may forward
/// letters here.
/// </summary>
/// <param name="HubId">Its identity, the serialNumber of its TLS and signing certificates.</param>
/// <param name="Endpoint">Where its federation service listens.</param>
public sealed record PeerHub(string HubId, string Name, Uri Endpoint, bool Enabled, DateTimeOffset UpdatedAt)
{
    public const int MaxIdLength = 200;

    /// <summary>How many hubs a letter may pass, its sender's included: enough for commune, province, nation, province, and a branch.</summary>
    public const int MaxHops = 5;
}
