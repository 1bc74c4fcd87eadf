using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Node.HubDirectory;

namespace DocAxis.Node.EdXml;

/// <summary>
/// The agency codes a package writes, mapped to the directory's: a current code must be in it, an
/// older QCVN 102 code is replaced by the current code of the agency that carries it (and kept as
/// written, so that it goes back out as it came), anything else is refused naming it.
/// </summary>
internal sealed class OrganCodes(DirectoryCopy directory)
{
    public async Task MapAsync(Manifest manifest, HostedAgency agency, CancellationToken cancellationToken)
    {
        var organs = new List<(string Field, AgencyRef Organ, bool Recipient)> { ("edXMLHeader/MessageHeader/From/OrganId", manifest.Sender, false) };
        organs.AddRange(manifest.Recipients.Select((r, i) => ($"edXMLHeader/MessageHeader/To[{i + 1}]/OrganId", r, true)));
        var snapshot = await directory.GetAsync(agency, afterMiss: false, cancellationToken);
        foreach (var (field, organ, recipient) in organs)
        {
            snapshot = await MapAsync(field, organ, recipient, snapshot, agency, cancellationToken);
        }
    }

    /// <summary>Maps one organ an edXML status message writes (its From, or the ResponseFor's issuer).</summary>
    public async Task MapAsync(string field, AgencyRef organ, HostedAgency agency, CancellationToken cancellationToken) =>
        await MapAsync(field, organ, recipient: false, await directory.GetAsync(agency, afterMiss: false, cancellationToken), agency, cancellationToken);

    private async Task<DirectoryCopy.Snapshot?> MapAsync(
        string field, AgencyRef organ, bool recipient, DirectoryCopy.Snapshot? snapshot, HostedAgency agency, CancellationToken cancellationToken)
    {
        var code = organ.Code;
        var current = AgencyCode.TryParse(code, out _);
        if (!current && !Core.Agencies.Agency.IsLegacyCode(code))
        {
            throw new RefusalException(
                RefusalReason.AgencyCodeMalformed,
                $"{field} \"{code}\" is neither an agency code (NNN.NN.NN.Xnn, e.g. 000.00.00.G22) nor an older QCVN 102 code (NN.NN.Xnn, e.g. 28.22.H17).",
                field);
        }

        if (snapshot is null)
        {
            return current
                ? null
                : throw new RefusalException(
                    RefusalReason.DirectoryUnavailable,
                    $"{field} is the older code {code}; mapping it needs the hub's directory, which cannot be fetched now. Retry later, or write the current code.",
                    field);
        }

        var found = Find(snapshot, code, current);
        if (found is null)
        {
            snapshot = await directory.GetAsync(agency, afterMiss: true, cancellationToken) ?? snapshot;
            found = Find(snapshot, code, current);
        }

        if (found is null)
        {
            throw current
                ? new RefusalException(
                    recipient ? RefusalReason.RecipientUnknown : RefusalReason.AgencyUnknown,
                    $"{field} {code} is not in the directory.",
                    field)
                : new RefusalException(
                    RefusalReason.AgencyUnknown,
                    $"{field} is the older code {code}, which no agency in the directory carries; ask the operator to record it (docaxis agency add --legacy-code) or write the current code.",
                    field);
        }

        if (recipient && DirectoryCopy.Unusable(found, found.Code, field) is { } refusal)
        {
            throw refusal;
        }

        if (!current)
        {
            organ.WrittenCode = code;
            organ.Code = found.Code;
        }

        return snapshot;
    }

    private static Contracts.V1.Agency? Find(DirectoryCopy.Snapshot snapshot, string code, bool current) =>
        current ? snapshot.ByCode(code) : snapshot.ByLegacyCode(code);
}
