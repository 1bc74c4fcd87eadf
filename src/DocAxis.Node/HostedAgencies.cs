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

    private readonly Dictionary<string, HostedAgency> _byTokenHash;

    public HostedAgencies(NodeOptions options)
    {
        Platform = options.Platform.Tls is { } tls ? TlsCertificates.Load(tls) : null;
        _agencies = options.Agencies.ToDictionary(
            a => AgencyCode.Parse(a.Code),
            a => Load(a, Platform, options.Platform.SigningKeys));
        _byTokenHash = _agencies.Values.ToDictionary(a => Convert.ToHexString(a.DmsTokenSha256), StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyCollection<HostedAgency> All => _agencies.Values;

    /// <summary>The platform's TLS certificate, if this node acts as a platform for (some of) its agencies.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Platform { get; }

    /// <summary>Whether the node calls the hub for <paramref name="agency"/> as the platform rather than with the agency's own certificate.</summary>
    public bool OnPlatform(HostedAgency agency) => Platform is not null && ReferenceEquals(agency.Tls, Platform);

    /// <summary>The agency whose DMS token hashes to <paramref name="sha256"/>, if any (a platform may host ten thousand).</summary>
    public HostedAgency? ByTokenHash(byte[] sha256) => _byTokenHash.GetValueOrDefault(Convert.ToHexString(sha256));

    /// <summary>The hosted agency named by a request field; refused if this node does not host it.</summary>
    public HostedAgency Get(string? code, string field = "agency_code")
    {
        var parsed = AgencyCode.Parse(code, field);
        return _agencies.TryGetValue(parsed, out var agency)
            ? agency
            : throw new RefusalException(RefusalReason.AgencyNotHosted, $"Agency {parsed} is not hosted by this node.", field);
    }

    public bool Hosts(AgencyCode code) => _agencies.ContainsKey(code);

    private static HostedAgency Load(HostedAgencyOptions options, System.Security.Cryptography.X509Certificates.X509Certificate2? platform, string? signingKeys)
    {
        var code = AgencyCode.Parse(options.Code);
        var tls = options.Tls.CertificatePath.Length > 0 || platform is null ? TlsCertificates.Load(options.Tls) : platform;
        Lazy<SigningCredential> signing;
        if (options.Signing.CertificatePath.Length > 0 || signingKeys is null)
        {
            // Configured one by one: checked as the node starts.
            var loaded = Signing(code, new KeyFiles(options.Signing.CertificatePath, options.Signing.KeyPath));
            signing = new Lazy<SigningCredential>(loaded);
        }
        else
        {
            // From the platform's key store: read when the agency first signs, so that ten thousand agencies start in seconds.
            var folder = Path.Combine(signingKeys, code.Value);
            signing = new Lazy<SigningCredential>(() => Signing(code, new KeyFiles(Path.Combine(folder, "signing.crt"), Path.Combine(folder, "signing.key"))));
        }

        return new HostedAgency(code, options.Name, tls, signing, Convert.FromHexString(options.DmsTokenSha256));
    }

    private static SigningCredential Signing(AgencyCode code, KeyFiles files)
    {
        var signing = SigningCredential.Load(files);
        return signing.Identity == code.Value
            ? signing
            : throw new InvalidDataException($"Node:Agencies: the signing certificate of {code} names \"{signing.Identity}\"; it must carry the agency's own code.");
    }
}
