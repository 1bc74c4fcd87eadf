using DocAxis.Core;
using DocAxis.Crypto.Policy;
using DocAxis.Crypto.Revocation;
using DocAxis.Crypto.Trust;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Signing;

/// <summary>
/// Verifies a detached CMS signature over the exact bytes received, then the signer's certificate
/// path at the signing time and at the time of receipt, then (asynchronously) its revocation. The
/// signing time may not lie in the future of our clock by more than the allowed skew.
/// </summary>
public sealed class SignatureVerifier(CertificateValidator validator, TimeProvider time, TimeSpan allowedSkew, RevocationChecker? revocation = null)
{
    /// <summary>Everything <see cref="Verify"/> checks, and that no certificate of the path is revoked.</summary>
    public async Task<VerifiedSignature> VerifyAsync(byte[] content, byte[] signature, string what, CancellationToken cancellationToken)
    {
        var verified = Verify(content, signature, what);
        if (revocation is not null)
        {
            await revocation.CheckAsync(verified.Path, cancellationToken);
        }

        return verified;
    }

    /// <summary>The signature, the algorithms and the certificate path; not revocation, which needs the network.</summary>
    public VerifiedSignature Verify(byte[] content, byte[] signature, string what)
    {
        try
        {
            return VerifyUntrusted(content, signature, what);
        }
        catch (Exception e) when (e is not RefusalException && UntrustedInput.IsMalformed(e))
        {
            throw Invalid($"The signature over the {what}, or a certificate in it, is malformed: {e.Message}");
        }
    }

    private VerifiedSignature VerifyUntrusted(byte[] content, byte[] signature, string what)
    {
        var (signerInfo, signer, certificates) = Open(content, signature, what);
        AlgorithmPolicy.CheckSigner(signerInfo, what);
        AlgorithmPolicy.CheckCertificate(signer, checkSignature: true);
        bool valid;
        try
        {
            // Only the certificate's key counts here: its validity is judged by the path validator (which names the certificate).
            valid = SignerInfoCheck.Verify(signerInfo, signer, content);
        }
        catch (Exception e) when (e is CmsException or Org.BouncyCastle.Security.SecurityUtilityException or ArgumentException)
        {
            throw Invalid($"The signature over the {what} cannot be checked: {e.Message}");
        }

        if (!valid)
        {
            throw Invalid($"The signature over the {what} does not verify: the bytes were altered or signed with another key.");
        }

        var now = time.GetUtcNow();
        var signingTime = SigningTimeOf(signerInfo) ?? now;
        if (signingTime > now + allowedSkew)
        {
            throw Invalid($"The {what} claims to be signed at {signingTime.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, in the future of this server's clock ({now.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z).");
        }

        validator.Validate(signer, certificates, signingTime, CertificatePurpose.Signing);
        var path = validator.Validate(signer, certificates, now, CertificatePurpose.Signing);
        return new VerifiedSignature(signer, CertificateIdentity.Of(signer), signingTime, path);
    }

    private static (SignerInformation Info, X509Certificate Signer, List<X509Certificate> Certificates) Open(
        byte[] content, byte[] signature, string what)
    {
        try
        {
            var signed = new CmsSignedData(new CmsProcessableByteArray(content), signature);
            var signers = signed.GetSignerInfos().GetSigners();
            if (signers.Count != 1)
            {
                throw Invalid($"The signature over the {what} has {signers.Count} signers; exactly one is required.");
            }

            var info = signers.First();
            var certificates = signed.GetCertificates().EnumerateMatches(null).Select(KnownCertificates.Intern).ToList();
            var signer = certificates.FirstOrDefault(info.SignerID.Match)
                ?? throw Invalid($"The signature over the {what} does not carry its signer's certificate.");
            return (info, signer, certificates);
        }
        catch (Exception e) when (e is CmsException or IOException or ArgumentException or InvalidCastException or Org.BouncyCastle.Asn1.Asn1ParsingException)
        {
            throw Invalid($"The signature over the {what} is not a DER-encoded CMS SignedData: {e.Message}");
        }
    }

    private static DateTimeOffset? SigningTimeOf(SignerInformation info)
    {
        var attribute = info.SignedAttributes?[CmsAttributes.SigningTime];
        if (attribute is null || attribute.AttrValues.Count == 0)
        {
            return null;
        }

        return new DateTimeOffset(DateTime.SpecifyKind(Time.GetInstance(attribute.AttrValues[0]).ToDateTime(), DateTimeKind.Utc));
    }

    private static RefusalException Invalid(string message) => new(RefusalReason.SignatureInvalid, message);
}
