using System.Globalization;
using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.Hub.Access;
using DocAxis.Storage;
using DocAxis.Storage.Audit;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Peers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using AuditEntry = DocAxis.Contracts.V1.AuditEntry;

namespace DocAxis.Hub.Audit;

/// <summary>Serves the exchange log: everything to auditors and operators, its own letters to an agency.</summary>
internal sealed class AuditGrpcService(HubStore store, HubRoles roles) : AuditService.AuditServiceBase
{
    private const uint DefaultPage = 100;
    private const uint MaxPage = 1000;

    public override async Task<AuditQueryResponse> QueryAudit(AuditQueryRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        string? visibleTo = null;
        if (!roles.SeesEverything(caller))
        {
            visibleTo = caller.Agency?.Value
                ?? throw new RefusalException(RefusalReason.AccessDenied, $"\"{caller.Identity}\" is neither an agency, an auditor nor an operator and may not read the exchange log.");
        }

        var size = (int)(request.PageSize == 0 ? DefaultPage : Math.Min(request.PageSize, MaxPage));
        var entries = await store.Audit.QueryAsync(new AuditQuery(
            Agency: string.IsNullOrEmpty(request.AgencyCode) ? null : Core.Agencies.AgencyCode.Parse(request.AgencyCode, "agency_code").Value,
            EnvelopeId: string.IsNullOrEmpty(request.EnvelopeId) ? null : EnvelopeId.Parse(request.EnvelopeId).ToString(),
            Action: string.IsNullOrEmpty(request.Action) ? null : request.Action,
            From: request.From?.ToDateTimeOffset(),
            To: request.To?.ToDateTimeOffset(),
            AfterId: ParseToken(request.PageToken),
            Limit: size,
            VisibleTo: visibleTo));
        return new AuditQueryResponse
        {
            Entries = { entries.Select(ToProto) },
            NextPageToken = entries.Count == size ? entries[^1].Id.ToString(CultureInfo.InvariantCulture) : string.Empty,
        };
    }

    private static long ParseToken(string token) =>
        token.Length == 0 ? 0
        : long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
        : throw new RefusalException(RefusalReason.FieldInvalid, "page_token is not a token this service issued.", "page_token");

    private static AuditEntry ToProto(Storage.Audit.AuditEntry entry) => new()
    {
        Seq = entry.Seq ?? 0,
        At = Timestamp.FromDateTimeOffset(Epoch.FromMs(entry.At)),
        Actor = entry.Actor,
        Action = entry.Action,
        Outcome = entry.Outcome,
        EnvelopeId = entry.EnvelopeId ?? string.Empty,
        Reason = entry.Reason ?? string.Empty,
        Detail = entry.Detail ?? string.Empty,
        Hash = entry.Hash is null ? ByteString.Empty : ByteString.CopyFrom(entry.Hash),
    };
}
