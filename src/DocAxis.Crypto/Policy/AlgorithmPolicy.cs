using DocAxis.Core;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Policy;

/// <summary>
/// Which algorithms a legally binding signature may use: RSA of at least 2048 bits (PKCS#1 v1.5
/// or PSS) and ECDSA on P-256 or P-384, with SHA-256, SHA-384 or SHA-512. MD5, SHA-1 and short
/// RSA keys are refused, and the refusal names the algorithm.
/// </summary>
public static class AlgorithmPolicy
{
    public const int MinimumRsaBits = 2048;

    private static readonly Dictionary<DerObjectIdentifier, string> Digests = new()
    {
        [NistObjectIdentifiers.IdSha256] = "SHA-256",
        [NistObjectIdentifiers.IdSha384] = "SHA-384",
        [NistObjectIdentifiers.IdSha512] = "SHA-512",
    };

    private static readonly Dictionary<DerObjectIdentifier, string> Signatures = new()
    {
        [PkcsObjectIdentifiers.Sha256WithRsaEncryption] = "sha256WithRSAEncryption",
        [PkcsObjectIdentifiers.Sha384WithRsaEncryption] = "sha384WithRSAEncryption",
        [PkcsObjectIdentifiers.Sha512WithRsaEncryption] = "sha512WithRSAEncryption",
        [X9ObjectIdentifiers.ECDsaWithSha256] = "ecdsa-with-SHA256",
        [X9ObjectIdentifiers.ECDsaWithSha384] = "ecdsa-with-SHA384",
        [X9ObjectIdentifiers.ECDsaWithSha512] = "ecdsa-with-SHA512",
    };

    private static readonly Dictionary<DerObjectIdentifier, string> Curves = new()
    {
        [X9ObjectIdentifiers.Prime256v1] = "P-256",
        [SecObjectIdentifiers.SecP384r1] = "P-384",
    };

    private static readonly Dictionary<string, string> KnownWeak = new()
    {
        [PkcsObjectIdentifiers.MD5WithRsaEncryption.Id] = "md5WithRSAEncryption (MD5)",
        [PkcsObjectIdentifiers.Sha1WithRsaEncryption.Id] = "sha1WithRSAEncryption (SHA-1)",
        [X9ObjectIdentifiers.ECDsaWithSha1.Id] = "ecdsa-with-SHA1 (SHA-1)",
        [PkcsObjectIdentifiers.MD5.Id] = "MD5",
        ["1.3.14.3.2.26"] = "SHA-1",
        [PkcsObjectIdentifiers.Sha224WithRsaEncryption.Id] = "sha224WithRSAEncryption (SHA-224)",
        [NistObjectIdentifiers.IdSha224.Id] = "SHA-224",
    };

    /// <summary>Checks the digest and signature algorithm of a CMS signer.</summary>
    public static void CheckSigner(SignerInformation signer, string what)
    {
        var digest = signer.DigestAlgorithmID.Algorithm;
        if (!Digests.ContainsKey(digest))
        {
            throw Refused($"The signature over the {what} uses the digest {Name(digest.Id)}; only SHA-256, SHA-384 and SHA-512 are allowed.", Name(digest.Id));
        }

        var algorithm = signer.SignatureAlgorithm;
        if (!IsAllowedSignature(algorithm, signerInfo: true))
        {
            throw Refused($"The signature over the {what} uses {Name(algorithm.Algorithm.Id)}; allowed are RSA (PKCS#1 v1.5 or PSS) and ECDSA with SHA-256/384/512.", Name(algorithm.Algorithm.Id));
        }
    }

    /// <summary>Checks a certificate's own key and the algorithm its issuer signed it with.</summary>
    public static void CheckCertificate(X509Certificate certificate, bool checkSignature)
    {
        var subject = CertificateIdentity.Describe(certificate);
        switch (certificate.GetPublicKey())
        {
            case RsaKeyParameters rsa when rsa.Modulus.BitLength < MinimumRsaBits:
                throw Refused($"Certificate \"{subject}\" has an RSA-{rsa.Modulus.BitLength} key; at least RSA-{MinimumRsaBits} is required.", $"RSA-{rsa.Modulus.BitLength}");
            case RsaKeyParameters:
                break;
            case ECPublicKeyParameters:
                var curve = certificate.SubjectPublicKeyInfo.Algorithm.Parameters as DerObjectIdentifier;
                if (curve is null || !Curves.ContainsKey(curve))
                {
                    throw Refused($"Certificate \"{subject}\" has an EC key on curve {curve?.Id ?? "(explicit parameters)"}; only P-256 and P-384 are allowed.", curve?.Id ?? "EC explicit parameters");
                }

                break;
            default:
                throw Refused($"Certificate \"{subject}\" has a {certificate.SubjectPublicKeyInfo.Algorithm.Algorithm.Id} key; only RSA and ECDSA keys are allowed.", certificate.SubjectPublicKeyInfo.Algorithm.Algorithm.Id);
        }

        if (checkSignature && !IsAllowedSignature(certificate.SignatureAlgorithm, signerInfo: false))
        {
            throw Refused($"Certificate \"{subject}\" is signed with {Name(certificate.SigAlgOid)}; its issuer must use RSA or ECDSA with SHA-256/384/512.", Name(certificate.SigAlgOid));
        }
    }

    private static bool IsAllowedSignature(AlgorithmIdentifier algorithm, bool signerInfo)
    {
        var oid = algorithm.Algorithm;
        if (Signatures.ContainsKey(oid))
        {
            return true;
        }

        if (oid.Equals(PkcsObjectIdentifiers.IdRsassaPss))
        {
            var parameters = RsassaPssParameters.GetInstance(algorithm.Parameters);
            return Digests.ContainsKey(parameters.HashAlgorithm.Algorithm);
        }

        // In a CMS SignerInfo the digest is named separately; the signature algorithm may then be
        // given as the bare key algorithm (rsaEncryption, id-ecPublicKey).
        return signerInfo && (oid.Equals(PkcsObjectIdentifiers.RsaEncryption) || oid.Equals(X9ObjectIdentifiers.IdECPublicKey));
    }

    private static string Name(string oid) =>
        KnownWeak.TryGetValue(oid, out var weak) ? weak
        : Signatures.FirstOrDefault(s => s.Key.Id == oid).Value
          ?? Digests.FirstOrDefault(d => d.Key.Id == oid).Value
          ?? oid;

    private static RefusalException Refused(string message, string algorithm) =>
        new(RefusalReason.AlgorithmNotAllowed, message, new Dictionary<string, string> { ["algorithm"] = algorithm });
}
