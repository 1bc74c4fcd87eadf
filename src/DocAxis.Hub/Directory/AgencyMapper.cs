using DocAxis.Core;
using DocAxis.Core.Agencies;
using Google.Protobuf.WellKnownTypes;
using ProtoAgency = DocAxis.Contracts.V1.Agency;
using ProtoLevel = DocAxis.Contracts.V1.GovernmentLevel;

namespace DocAxis.Hub.Directory;

internal static class AgencyMapper
{
    public static ProtoAgency ToProto(Agency agency) => new()
    {
        Code = agency.Code.Value,
        Name = agency.Name,
        Level = (ProtoLevel)(int)agency.Level,
        ParentCode = agency.ParentCode?.Value ?? string.Empty,
        NodeEndpoint = agency.NodeEndpoint?.ToString() ?? string.Empty,
        Enabled = agency.Enabled,
        CreatedAt = Timestamp.FromDateTimeOffset(agency.CreatedAt),
        UpdatedAt = Timestamp.FromDateTimeOffset(agency.UpdatedAt),
        LegacyCode = agency.LegacyCode ?? string.Empty,
    };

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    /// <summary>Validates a directory entry as an operator submitted it.</summary>
    public static Agency ToDomain(ProtoAgency? proto, DateTimeOffset now)
    {
        if (proto is null)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, "agency is required.", "agency");
        }

        var code = AgencyCode.Parse(proto.Code, "agency.code");
        Core.Letters.Text.Required(proto.Name, Agency.MaxNameLength, "agency.name");
        if (!System.Enum.IsDefined((GovernmentLevel)(int)proto.Level))
        {
            throw new RefusalException(RefusalReason.FieldInvalid, "agency.level must be central, province, district or commune.", "agency.level");
        }

        AgencyCode? parent = string.IsNullOrEmpty(proto.ParentCode) ? null : AgencyCode.Parse(proto.ParentCode, "agency.parent_code");
        if (parent == code)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, "agency.parent_code cannot be the agency itself.", "agency.parent_code");
        }

        Uri? endpoint = null;
        if (!string.IsNullOrEmpty(proto.NodeEndpoint)
            && (!Uri.TryCreate(proto.NodeEndpoint, UriKind.Absolute, out endpoint) || endpoint.Scheme != Uri.UriSchemeHttps))
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"agency.node_endpoint \"{proto.NodeEndpoint}\" is not an https:// address.", "agency.node_endpoint");
        }

        if (!string.IsNullOrEmpty(proto.LegacyCode) && !Agency.IsLegacyCode(proto.LegacyCode))
        {
            throw new RefusalException(
                RefusalReason.AgencyCodeMalformed,
                $"agency.legacy_code \"{proto.LegacyCode}\" is not an older QCVN 102 code of the form NN.NN.Xnn (e.g. 28.22.H17).",
                "agency.legacy_code");
        }

        return new Agency(code, proto.Name, (GovernmentLevel)(int)proto.Level, parent, endpoint, proto.Enabled, now, now, NullIfEmpty(proto.LegacyCode));
    }
}
