using Org.BouncyCastle.X509;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Revocation;

namespace DocAxis.Crypto.Trust;

/// <summary>A TLS peer's certificate once its path validated and its revocation was checked: who it speaks for.</summary>
/// <param name="Identity">The subject's serialNumber identity: an agency code, or e.g. "docaxis-hub".</param>
/// <param name="Description">The subject as people read it, for refusals and logs.</param>
public sealed record CertifiedPeer(string Identity, AgencyCode? Agency, string Description);

/// <summary>Checks the certificate a TLS peer presented (DER, as .NET's TLS hands it over) against the trust store.</summary>
public static class PeerCertificates
{
    /// <param name="supplied">Other certificates the peer sent in its chain (DER).</param>
    /// <param name="revocation">Null for a client that checks no revocation (the command line, tests).</param>
    public static async Task<CertifiedPeer> CertifyAsync(
        CertificateValidator validator, RevocationChecker? revocation, byte[] leafDer, IEnumerable<byte[]> supplied, DateTimeOffset at, CertificatePurpose purpose,
        CancellationToken cancellationToken)
    {
        var leaf = KnownCertificates.Intern(leafDer);
        var path = validator.Validate(leaf, supplied.Select(KnownCertificates.Intern), at, purpose);
        if (revocation is not null)
        {
            await revocation.CheckAsync(path, cancellationToken);
        }

        var description = CertificateIdentity.Describe(leaf);
        var identity = CertificateIdentity.Of(leaf)
            ?? throw new RefusalException(
                RefusalReason.AccessDenied,
                $"Certificate \"{description}\" carries no serialNumber identity (agency code) in its subject.",
                new Dictionary<string, string> { ["certificate"] = description });
        return new CertifiedPeer(identity, CertificateIdentity.AgencyOf(leaf), description);
    }

    /// <summary>
    /// Checks the certificate of a signature found inside a document (an edXML package's XMLDSig)
    /// against the trust store and the algorithm policy, for signing at <paramref name="at"/>; returns
    /// the subject as people read it. Throws a refusal naming why it is not trusted.
    /// </summary>
    public static string CertifyDocumentSigner(CertificateValidator validator, byte[] leafDer, DateTimeOffset at)
    {
        X509Certificate leaf;
        try
        {
            leaf = KnownCertificates.Intern(leafDer);
        }
        catch (Exception e) when (UntrustedInput.IsMalformed(e))
        {
            throw new RefusalException(RefusalReason.CertificateUntrusted, $"The signer's certificate is malformed: {e.Message}");
        }

        validator.Validate(leaf, [], at, CertificatePurpose.Signing);
        return CertificateIdentity.Describe(leaf);
    }
}
