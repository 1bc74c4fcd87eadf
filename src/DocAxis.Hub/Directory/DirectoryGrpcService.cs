using DocAxis.Contracts.V1;
using DocAxis.Core.Agencies;
using DocAxis.Hub.Access;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Peers;
using Grpc.Core;
using Agency = DocAxis.Contracts.V1.Agency;

namespace DocAxis.Hub.Directory;

/// <summary>The agency directory: operators change it, any authenticated party reads it.</summary>
internal sealed class DirectoryGrpcService(HubStore store, HubRoles roles, DirectoryChanges changes)
    : DirectoryService.DirectoryServiceBase
{
    public override async Task<Agency> PutAgency(PutAgencyRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        roles.RequireOperator(caller, "change the directory");
        return AgencyMapper.ToProto(await changes.PutAsync(caller.Identity, request.Agency));
    }

    public override async Task<Agency> GetAgency(AgencyCodeRequest request, ServerCallContext context) =>
        AgencyMapper.ToProto(await changes.FindAsync(AgencyCode.Parse(request.Code, "code")));

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
        return AgencyMapper.ToProto(await changes.DisableAsync(caller.Identity, AgencyCode.Parse(request.Code, "code")));
    }

    public override async Task<Contracts.V1.PeerHub> PutPeerHub(PutPeerHubRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        roles.RequireOperator(caller, "change the peer hubs");
        return AgencyMapper.ToProto(await changes.PutPeerAsync(caller.Identity, request.Peer));
    }

    public override async Task<ListPeerHubsResponse> ListPeerHubs(ListPeerHubsRequest request, ServerCallContext context)
    {
        roles.RequireOperator(context.Caller(), "list the peer hubs");
        return new ListPeerHubsResponse { Peers = { (await store.Peers.ListAsync()).Select(AgencyMapper.ToProto) } };
    }
}
