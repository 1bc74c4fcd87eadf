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
        ViaHub = agency.ViaHub ?? string.Empty,
        PlatformId = agency.PlatformId ?? string.Empty,
    };

    public static Contracts.V1.PeerHub ToProto(PeerHub peer) => new()
    {
        HubId = peer.HubId,
        Name = peer.Name,
        Endpoint = peer.Endpoint.ToString(),
        Enabled = peer.Enabled,
        UpdatedAt = Timestamp.FromDateTimeOffset(peer.UpdatedAt),
    };

    /// <summary>Validates a peer hub as an operator submitted it.</summary>
    public static PeerHub ToDomain(Contracts.V1.PeerHub? proto, DateTimeOffset now)
    {
        if (proto is null)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, "peer is required.", "peer");
        }

        Core.Letters.Text.Required(proto.HubId, PeerHub.MaxIdLength, "peer.hub_id");
        Core.Letters.Text.Required(proto.Name, Agency.MaxNameLength, "peer.name");
        return new PeerHub(proto.HubId, proto.Name, HttpsAddress(proto.Endpoint, "peer.endpoint") ?? throw new RefusalException(
            RefusalReason.FieldInvalid, "peer.endpoint is required: the https:// address of the peer hub.", "peer.endpoint"), proto.Enabled, now);
    }

    private static Uri? HttpsAddress(string text, string field) =>
        string.IsNullOrEmpty(text) ? null
            : Uri.TryCreate(text, UriKind.Absolute, out var address) && address.Scheme == Uri.UriSchemeHttps ? address
            : throw new RefusalException(RefusalReason.FieldInvalid, $"{field} \"{text}\" is not an https:// address.", field);

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

        var endpoint = HttpsAddress(proto.NodeEndpoint, "agency.node_endpoint");
        if (endpoint is not null && proto.ViaHub.Length > 0)
        {
            throw new RefusalException(
                RefusalReason.FieldInvalid,
                $"agency.via_hub \"{proto.ViaHub}\" and agency.node_endpoint are both set; an agency is hosted by a node of this hub or reached through another hub, not both.",
                "agency.via_hub");
        }

        Core.Letters.Text.Optional(proto.ViaHub, PeerHub.MaxIdLength, "agency.via_hub");
        Core.Letters.Text.Optional(proto.PlatformId, PeerHub.MaxIdLength, "agency.platform_id");

        if (!string.IsNullOrEmpty(proto.LegacyCode) && !Agency.IsLegacyCode(proto.LegacyCode))
        {
            throw new RefusalException(
                RefusalReason.AgencyCodeMalformed,
                $"agency.legacy_code \"{proto.LegacyCode}\" is not an older QCVN 102 code of the form NN.NN.Xnn (e.g. 28.22.H17).",
                "agency.legacy_code");
        }

        return new Agency(code, proto.Name, (GovernmentLevel)(int)proto.Level, parent, endpoint, proto.Enabled, now, now, NullIfEmpty(proto.LegacyCode), NullIfEmpty(proto.ViaHub), NullIfEmpty(proto.PlatformId));
    }
}
