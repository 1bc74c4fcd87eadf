using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Hosting.Audit;
using DocAxis.Storage.Hub;
using Microsoft.Extensions.Logging;
using ProtoAgency = DocAxis.Contracts.V1.Agency;

namespace DocAxis.Hub.Directory;

/// <summary>
/// The one way the directory changes, for the gRPC DirectoryService and the operators' console
/// alike: the entry is validated, stored, logged and written to the exchange log with its actor.
/// </summary>
public sealed class DirectoryChanges(HubStore store, AuditTrail audit, TimeProvider time, ILogger<DirectoryChanges> logger)
{
    /// <summary>Adds or replaces an agency; refused (nothing stored) if the entry is invalid or its older code is another agency's.</summary>
    public async Task<Agency> PutAsync(string actor, ProtoAgency proposed)
    {
        var agency = AgencyMapper.ToDomain(proposed, time.GetUtcNow());
        if (agency.LegacyCode is { } legacy && await store.Directory.FindByLegacyCodeAsync(legacy) is { } holder && holder.Code != agency.Code)
        {
            throw new RefusalException(
                RefusalReason.FieldInvalid, $"agency.legacy_code {legacy} already belongs to {holder.Code} ({holder.Name}); an older code names one agency.", "agency.legacy_code");
        }

        if (agency.ViaHub is { } hub && await store.Peers.GetAsync(hub) is null)
        {
            throw new RefusalException(
                RefusalReason.FieldInvalid, $"agency.via_hub \"{hub}\" is not a peer hub of this hub; add it first (docaxis hub peer add).", "agency.via_hub");
        }

        var stored = await store.Directory.PutAgencyAsync(agency, time.GetUtcNow());
        Changed(actor, "PutAgency", stored);
        return stored;
    }

    /// <summary>Adds or replaces a peer hub; refused (nothing stored) if the entry is invalid.</summary>
    public async Task<PeerHub> PutPeerAsync(string actor, Contracts.V1.PeerHub proposed)
    {
        var stored = await store.Peers.PutAsync(AgencyMapper.ToDomain(proposed, time.GetUtcNow()), time.GetUtcNow());
        HubLog.PeerHubChanged(logger, actor, stored.HubId, stored.Enabled, stored.Endpoint.ToString());
        audit.Record(actor, "PutPeerHub", "changed", detail: $"{stored.HubId} \"{stored.Name}\" at {stored.Endpoint}, enabled: {stored.Enabled}");
        return stored;
    }

    /// <summary>Disables an agency: letters to it are refused from now on.</summary>
    public async Task<Agency> DisableAsync(string actor, AgencyCode code)
    {
        _ = await FindAsync(code);
        var stored = (await store.Directory.DisableAgencyAsync(code, time.GetUtcNow()))!;
        Changed(actor, "DisableAgency", stored);
        return stored;
    }

    public async Task<Agency> FindAsync(AgencyCode code) =>
        await store.Directory.GetAgencyAsync(code)
            ?? throw new RefusalException(RefusalReason.AgencyUnknown, $"Agency {code} is not in the directory.", "code");

    private void Changed(string actor, string action, Agency agency)
    {
        HubLog.AgencyChanged(logger, actor, agency.Code.Value, agency.Enabled, agency.NodeEndpoint?.ToString());
        audit.Record(actor, action, "changed", detail: $"{agency.Code} \"{agency.Name}\" {agency.Level}, enabled: {agency.Enabled}, node: {agency.NodeEndpoint}{(agency.ViaHub is null ? "" : $", via hub: {agency.ViaHub}")}, older code: {agency.LegacyCode ?? "none"}");
    }
}
