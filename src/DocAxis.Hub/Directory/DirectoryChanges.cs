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

        var stored = await store.Directory.PutAgencyAsync(agency, time.GetUtcNow());
        Changed(actor, "PutAgency", stored);
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
        audit.Record(actor, action, "changed", detail: $"{agency.Code} \"{agency.Name}\" {agency.Level}, enabled: {agency.Enabled}, node: {agency.NodeEndpoint}, older code: {agency.LegacyCode ?? "none"}");
    }
}
