using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Signing;
using DocAxis.Node.Options;
using DocAxis.Transport.Tls;

namespace DocAxis.Node;

/// <summary>The agencies a node hosts. Everything a node does is on behalf of one of them.</summary>
public sealed class HostedAgencies
{
    private readonly Dictionary<AgencyCode, HostedAgency> _agencies;

    public HostedAgencies(NodeOptions options)
    {
        _agencies = options.Agencies.ToDictionary(
            a => AgencyCode.Parse(a.Code),
            a => Load(a));
    }

    public IReadOnlyCollection<HostedAgency> All => _agencies.Values;

    /// <summary>The hosted agency named by a request field; refused if this node does not host it.</summary>
    public HostedAgency Get(string? code, string field = "agency_code")
    {
        var parsed = AgencyCode.Parse(code, field);
        return _agencies.TryGetValue(parsed, out var agency)
            ? agency
            : throw new RefusalException(RefusalReason.AgencyNotHosted, $"Agency {parsed} is not hosted by this node.", field);
    }

    public bool Hosts(AgencyCode code) => _agencies.ContainsKey(code);

    private static HostedAgency Load(HostedAgencyOptions options)
    {
        var code = AgencyCode.Parse(options.Code);
        var signing = SigningCredential.Load(new KeyFiles(options.Signing.CertificatePath, options.Signing.KeyPath));
        if (signing.Identity != code.Value)
        {
            throw new InvalidDataException(
                $"Node:Agencies: the signing certificate of {code} names \"{signing.Identity}\"; it must carry the agency's own code.");
        }

        return new HostedAgency(code, options.Name, TlsCertificates.Load(options.Tls), signing, Convert.FromHexString(options.DmsTokenSha256));
    }
}
