namespace DocAxis.Core.Agencies;

/// <summary>An entry of the hub's agency directory.</summary>
/// <param name="NodeEndpoint">Address of the node that hosts the agency; null while it has none.</param>
/// <param name="LegacyCode">The agency's older QCVN 102 code (e.g. 28.22.H17), which edXML packages still carry; null if none.</param>
public sealed record Agency(
    AgencyCode Code,
    string Name,
    GovernmentLevel Level,
    AgencyCode? ParentCode,
    Uri? NodeEndpoint,
    bool Enabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? LegacyCode = null,
    string? ViaHub = null,
    string? PlatformId = null)
{
    public const int MaxNameLength = 200;

    /// <summary>Whether a letter can reach it: a node of this hub hosts it, or a peer hub it is reached through.</summary>
    public bool IsRoutable => NodeEndpoint is not null || ViaHub is not null;

    /// <summary>
    /// Whether <paramref name="text"/> has the form of an older QCVN 102 code: two digits, two
    /// digits, a letter and two digits (28.22.H17, 01.02.G22, 14.00.W00).
    /// </summary>
    public static bool IsLegacyCode(string? text) =>
        text is { Length: 9 } && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]) && text[2] == '.'
        && char.IsAsciiDigit(text[3]) && char.IsAsciiDigit(text[4]) && text[5] == '.'
        && char.IsAsciiLetterUpper(text[6]) && char.IsAsciiDigit(text[7]) && char.IsAsciiDigit(text[8]);
}
