using DocAxis.Contracts.V1;

namespace DocAxis.EdXml;

/// <summary>
/// An edXML status message: what an agency's DMS did with a letter (01-06), or a recall and its
/// answer (13, 15, 16). <see cref="ResponseFor"/> names the letter it is about.
/// </summary>
public sealed record StatusMessage
{
    /// <summary>The codes QCVN 102 defines, with what each means.</summary>
    public static readonly IReadOnlyDictionary<string, string> Codes = new Dictionary<string, string>
    {
        ["01"] = "arrived",
        ["02"] = "rejected",
        ["03"] = "accepted/registered",
        ["04"] = "assigned",
        ["05"] = "processing",
        ["06"] = "completed",
        ["13"] = "sender asks to recall",
        ["15"] = "recall or update accepted",
        ["16"] = "recall or update refused",
    };

    public required AgencyRef From { get; init; }

    public required ResponseFor ResponseFor { get; init; }

    public StaffInfo Staff { get; init; } = new();

    public required string StatusCode { get; init; }

    public string Description { get; init; } = string.Empty;

    /// <summary>When the status was set, as the agency's local time (edXML writes no offset).</summary>
    public required DateTime Timestamp { get; init; }
}
