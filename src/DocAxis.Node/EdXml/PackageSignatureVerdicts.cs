using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Crypto.Trust;
using DocAxis.EdXml;

namespace DocAxis.Node.EdXml;

/// <summary>
/// The verdict on a package's XMLDSig, recorded in the signed manifest so that the recipient sees
/// it: the XML side (does it verify over the document, with what algorithm) and the same trust store
/// and algorithm policy as every other signature (does its certificate chain to a trusted root).
/// </summary>
internal sealed class PackageSignatureVerdicts(CertificateValidator validator, TimeProvider time)
{
    public void Record(PackageSignature signature, XmlSignatureCheck check)
    {
        signature.Signer = Bounded(check.Signer, Core.Letters.HeaderLimits.MaxSignerSubjectLength);
        (signature.Verdict, var reason) = Judge(check);
        signature.Reason = Bounded(reason, Core.Letters.HeaderLimits.MaxVerdictReasonLength);
    }

    private (PackageSignatureVerdict, string) Judge(XmlSignatureCheck check)
    {
        if (check.Verifies is null)
        {
            return (PackageSignatureVerdict.Unspecified, check.Reason);
        }

        if (check.Verifies == false || check.CertificateDer is null)
        {
            return (PackageSignatureVerdict.Invalid, check.Reason);
        }

        try
        {
            PeerCertificates.CertifyDocumentSigner(validator, check.CertificateDer, time.GetUtcNow());
        }
        catch (RefusalException e)
        {
            return (PackageSignatureVerdict.Untrusted, $"{check.Reason} Its certificate is not trusted here: {e.Message}");
        }

        return check.WeakAlgorithm is null
            ? (PackageSignatureVerdict.Valid, check.Reason)
            : (PackageSignatureVerdict.Weak, check.Reason);
    }

    private static string Bounded(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
