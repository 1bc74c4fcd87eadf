using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Hub.Access;
using DocAxis.Hosting.Audit;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Peers;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Agency = DocAxis.Contracts.V1.Agency;

namespace DocAxis.Hub.Directory;

/// <summary>The agency directory: operators change it, any authenticated party reads it.</summary>
internal sealed class DirectoryGrpcService(HubStore store, HubRoles roles, AuditTrail audit, TimeProvider time, ILogger<DirectoryGrpcService> logger)
    : DirectoryService.DirectoryServiceBase
{
    public override async Task<Agency> PutAgency(PutAgencyRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        roles.RequireOperator(caller, "change the directory");
        var agency = AgencyMapper.ToDomain(request.Agency, time.GetUtcNow());
        if (agency.LegacyCode is { } legacy && await store.Directory.FindByLegacyCodeAsync(legacy) is { } holder && holder.Code != agency.Code)
        {
            throw new RefusalException(
                RefusalReason.FieldInvalid, $"agency.legacy_code {legacy} already belongs to {holder.Code} ({holder.Name}); an older code names one agency.", "agency.legacy_code");
        }

        var stored = await store.Directory.PutAgencyAsync(agency, time.GetUtcNow());
        Changed(caller.Identity, "PutAgency", stored);
        return AgencyMapper.ToProto(stored);
    }

    public override async Task<Agency> GetAgency(AgencyCodeRequest request, ServerCallContext context) =>
        AgencyMapper.ToProto(await Find(AgencyCode.Parse(request.Code, "code")));

    public override async Task<ListAgenciesResponse> ListAgencies(ListAgenciesRequest request, ServerCallContext context)
    {
        Core.Agencies.GovernmentLevel? level = request.Level == Contracts.V1.GovernmentLevel.Unspecified ? null : (Core.Agencies.GovernmentLevel)(int)request.Level;
        var agencies = await store.Directory.ListAgenciesAsync(level, request.IncludeDisabled);
        return new ListAgenciesResponse { Agencies = { agencies.Select(AgencyMapper.ToProto) } };
    }

    public override async Task<Agency> DisableAgency(AgencyCodeRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        roles.RequireOperator(caller, "change the directory");
        var code = AgencyCode.Parse(request.Code, "code");
        await Find(code);
        var stored = (await store.Directory.DisableAgencyAsync(code, time.GetUtcNow()))!;
        Changed(caller.Identity, "DisableAgency", stored);
        return AgencyMapper.ToProto(stored);
    }

    private async Task<Core.Agencies.Agency> Find(AgencyCode code) =>
        await store.Directory.GetAgencyAsync(code)
            ?? throw new RefusalException(RefusalReason.AgencyUnknown, $"Agency {code} is not in the directory.", "code");

    private void Changed(string caller, string action, Core.Agencies.Agency agency)
    {
        HubLog.AgencyChanged(logger, caller, agency.Code.Value, agency.Enabled, agency.NodeEndpoint?.ToString());
        audit.Record(caller, action, "changed", detail: $"{agency.Code} \"{agency.Name}\" {agency.Level}, enabled: {agency.Enabled}, node: {agency.NodeEndpoint}, older code: {agency.LegacyCode ?? "none"}");
    }
}
