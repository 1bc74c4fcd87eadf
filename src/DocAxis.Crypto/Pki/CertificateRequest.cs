using Org.BouncyCastle.Crypto;

namespace DocAxis.Crypto.Pki;

/// <summary>What to put in a certificate that a <see cref="CertificateAuthority"/> issues.</summary>
/// <param name="Identity">The serialNumber attribute: an agency code, or e.g. "docaxis-hub".</param>
/// <param name="DisplayName">Common name and organization, as people read them.</param>
/// <param name="NotBefore">Start of validity; null for an hour before now (tolerates clock skew).</param>
/// <param name="NotAfter">End of validity; null for two years after now.</param>
public sealed record CertificateRequest(
    string Identity,
    string DisplayName,
    CertificateProfile Profile,
    DateTimeOffset? NotBefore = null,
    DateTimeOffset? NotAfter = null)
{
    /// <summary>The kind of key generated for the subject.</summary>
    public KeySpec Key { get; init; } = KeySpec.Rsa2048;

    /// <summary>The subject's key pair, when the caller already has one; otherwise one of <see cref="Key"/>'s kind is generated.</summary>
    public AsymmetricCipherKeyPair? KeyPair { get; init; }

    /// <summary>The algorithm the issuer signs with (e.g. "SHA256WITHRSA"); null for the issuer key's SHA-256 default.</summary>
    public string? IssuerSignatureAlgorithm { get; init; }

    /// <summary>Where relying parties fetch the issuer's CRL (CRL distribution points), if anywhere.</summary>
    public IReadOnlyList<Uri> CrlDistributionPoints { get; init; } = [];

    /// <summary>The issuer's OCSP responder (authority information access), if any.</summary>
    public Uri? OcspResponder { get; init; }
}
