using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Signing;

/// <summary>A signature that verified, by a certificate that chains to a trust anchor.</summary>
/// <param name="Identity">The serialNumber identity in the signer's subject (agency code or e.g. "docaxis-hub").</param>
/// <param name="Path">The signer's validated path, signer first, trust anchor last.</param>
public sealed record VerifiedSignature(X509Certificate Signer, string? Identity, DateTimeOffset SigningTime, IReadOnlyList<X509Certificate> Path)
{
    /// <summary>The signer's subject as people read it, for refusals and logs.</summary>
    public string SignerDescription => CertificateIdentity.Describe(Signer);
}
