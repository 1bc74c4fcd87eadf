using DocAxis.Core;
using DocAxis.Crypto.Policy;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Pkix;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Trust;

/// <summary>
/// Builds a path from a certificate to a trust anchor and validates it with BouncyCastle's PKIX
/// validator (signatures, validity, basic constraints, path length, CA key usage), then checks the
/// leaf's key usages for the purpose it is used for. Every refusal names the certificate.
/// </summary>
public sealed class CertificateValidator(TrustStore trust)
{
    private const int MaxPathLength = 8;

    public TrustStore Trust => trust;

    /// <summary>Validates <paramref name="leaf"/> at <paramref name="at"/>; returns the path, leaf first, trust anchor last.</summary>
    /// <param name="supplied">Certificates the other party sent along (e.g. in the CMS or TLS chain).</param>
    public IReadOnlyList<X509Certificate> Validate(
        X509Certificate leaf, IEnumerable<X509Certificate> supplied, DateTimeOffset at, CertificatePurpose purpose)
    {
        try
        {
            return ValidateUntrusted(leaf, supplied, at, purpose);
        }
        catch (Exception e) when (e is not RefusalException && UntrustedInput.IsMalformed(e))
        {
            throw Untrusted(leaf, $"is malformed: {e.Message}");
        }
    }

    private IReadOnlyList<X509Certificate> ValidateUntrusted(
        X509Certificate leaf, IEnumerable<X509Certificate> supplied, DateTimeOffset at, CertificatePurpose purpose)
    {
        var path = BuildPath(leaf, [.. supplied, .. trust.Intermediates], out var anchor);
        foreach (var certificate in path)
        {
            AlgorithmPolicy.CheckCertificate(certificate, checkSignature: true);
        }

        // A trust anchor's self-signature proves nothing, but its key signs everything below it.
        AlgorithmPolicy.CheckCertificate(anchor, checkSignature: false);
        foreach (var certificate in path.Append(anchor))
        {
            if (!certificate.IsValid(at.UtcDateTime))
            {
                throw Untrusted(
                    certificate,
                    $"is not valid at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (valid from {certificate.NotBefore:yyyy-MM-dd HH:mm:ss}Z to {certificate.NotAfter:yyyy-MM-dd HH:mm:ss}Z)");
            }
        }

        var parameters = new PkixParameters(new HashSet<TrustAnchor> { new(anchor, null) })
        {
            // Revocation (CRL/OCSP) is checked separately by policy, not by the path validator.
            IsRevocationEnabled = false,
            Date = at.UtcDateTime,
        };
        try
        {
            KnownCertificates.ValidatePathOnce(path, anchor, () => new PkixCertPathValidator().Validate(new PkixCertPath([.. path]), parameters));
        }
        catch (PkixCertPathValidatorException e)
        {
            var culprit = e.Index >= 0 && e.Index < path.Count ? path[e.Index] : leaf;
            throw Untrusted(culprit, $"failed path validation: {e.Message}");
        }

        CheckPurpose(leaf, purpose);
        return [.. path, anchor];
    }

    private List<X509Certificate> BuildPath(X509Certificate leaf, List<X509Certificate> candidates, out X509Certificate anchor)
    {
        if (trust.Anchors.Any(a => a.Equals(leaf)))
        {
            throw Untrusted(leaf, "is a trust anchor itself, not an end-entity certificate");
        }

        var path = new List<X509Certificate> { leaf };
        var current = leaf;
        while (path.Count <= MaxPathLength)
        {
            var trusted = trust.Anchors.FirstOrDefault(a => IsIssuedBy(current, a));
            if (trusted is not null)
            {
                anchor = trusted;
                return path;
            }

            var issuer = candidates.FirstOrDefault(c => !path.Contains(c) && IsIssuedBy(current, c));
            if (issuer is null)
            {
                var why = current.SubjectDN.Equivalent(current.IssuerDN)
                    ? "is self-signed and not a trusted anchor"
                    : $"does not chain to a trusted anchor (no trusted issuer \"{current.IssuerDN}\")";
                throw Untrusted(current, why);
            }

            path.Add(issuer);
            current = issuer;
        }

        throw Untrusted(leaf, $"has a chain longer than {MaxPathLength} certificates");
    }

    private static bool IsIssuedBy(X509Certificate subject, X509Certificate issuer)
    {
        if (!subject.IssuerDN.Equivalent(issuer.SubjectDN))
        {
            return false;
        }

        try
        {
            return KnownCertificates.IsSignedBy(subject, issuer);
        }
        catch (Exception e) when (UntrustedInput.IsMalformed(e))
        {
            // A candidate whose key cannot even be read did not issue anything.
            return false;
        }
    }

    private static void CheckPurpose(X509Certificate leaf, CertificatePurpose purpose)
    {
        var keyUsage = leaf.GetKeyUsage();
        var extended = leaf.GetExtendedKeyUsage();
        switch (purpose)
        {
            case CertificatePurpose.Signing:
                if (keyUsage is not null && !keyUsage[0] && !keyUsage[1])
                {
                    throw Untrusted(leaf, "may not sign: its key usage has neither digitalSignature nor nonRepudiation");
                }

                break;
            case CertificatePurpose.TlsClient:
                RequireExtended(leaf, extended, KeyPurposeID.id_kp_clientAuth, "TLS client authentication (clientAuth)");
                break;
            case CertificatePurpose.TlsServer:
                RequireExtended(leaf, extended, KeyPurposeID.id_kp_serverAuth, "TLS server authentication (serverAuth)");
                break;
        }
    }

    private static void RequireExtended(
        X509Certificate leaf, IList<Org.BouncyCastle.Asn1.DerObjectIdentifier>? extended, KeyPurposeID needed, string what)
    {
        if (extended is not null && !extended.Contains(needed) && !extended.Contains(KeyPurposeID.AnyExtendedKeyUsage))
        {
            throw Untrusted(leaf, $"may not be used for {what}: its extended key usage does not allow it");
        }
    }

    private static RefusalException Untrusted(X509Certificate certificate, string why) =>
        new(
            RefusalReason.CertificateUntrusted,
            $"Certificate \"{CertificateIdentity.Describe(certificate)}\" {why}.",
            new Dictionary<string, string>
            {
                ["certificate"] = CertificateIdentity.Describe(certificate),
                ["serial"] = certificate.SerialNumber.ToString(16),
            });
}
