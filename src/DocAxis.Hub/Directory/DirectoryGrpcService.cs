using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Hub.Options;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Peers;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Agency = DocAxis.Contracts.V1.Agency;

namespace DocAxis.Hub.Directory;

/// <summary>The agency directory: operators change it, any authenticated party reads it.</summary>
internal sealed class DirectoryGrpcService(HubStore store, HubOptions options, TimeProvider time, ILogger<DirectoryGrpcService> logger)
    : DirectoryService.DirectoryServiceBase
{
    public override async Task<Agency> PutAgency(PutAgencyRequest request, ServerCallContext context)
    {
        var caller = RequireOperator(context);
        var agency = AgencyMapper.ToDomain(request.Agency, time.GetUtcNow());
        var stored = await store.PutAgencyAsync(agency, time.GetUtcNow());
        HubLog.AgencyChanged(logger, caller, stored.Code.Value, stored.Enabled, stored.NodeEndpoint?.ToString());
        return AgencyMapper.ToProto(stored);
    }

    public override async Task<Agency> GetAgency(AgencyCodeRequest request, ServerCallContext context) =>
        AgencyMapper.ToProto(await Find(AgencyCode.Parse(request.Code, "code")));

    public override async Task<ListAgenciesResponse> ListAgencies(ListAgenciesRequest request, ServerCallContext context)
    {
        Core.Agencies.GovernmentLevel? level = request.Level == Contracts.V1.GovernmentLevel.Unspecified ? null : (Core.Agencies.GovernmentLevel)(int)request.Level;
        var agencies = await store.ListAgenciesAsync(level, request.IncludeDisabled);
        return new ListAgenciesResponse { Agencies = { agencies.Select(AgencyMapper.ToProto) } };
    }

    public override async Task<Agency> DisableAgency(AgencyCodeRequest request, ServerCallContext context)
    {
        var caller = RequireOperator(context);
        var code = AgencyCode.Parse(request.Code, "code");
        await Find(code);
        var stored = (await store.DisableAgencyAsync(code, time.GetUtcNow()))!;
        HubLog.AgencyChanged(logger, caller, stored.Code.Value, stored.Enabled, stored.NodeEndpoint?.ToString());
        return AgencyMapper.ToProto(stored);
    }

    private async Task<Core.Agencies.Agency> Find(AgencyCode code) =>
        await store.GetAgencyAsync(code)
            ?? throw new RefusalException(RefusalReason.AgencyUnknown, $"Agency {code} is not in the directory.", "code");

    private string RequireOperator(ServerCallContext context)
    {
        var caller = context.Caller();
        return options.Operators.Contains(caller.Identity)
            ? caller.Identity
            : throw new RefusalException(
                RefusalReason.AccessDenied,
                $"\"{caller.Identity}\" is not an operator; only the identities in Hub:Operators may change the directory.");
    }
}
