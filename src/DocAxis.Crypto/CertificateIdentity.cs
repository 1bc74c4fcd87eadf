using DocAxis.Core.Agencies;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto;

/// <summary>
/// Who a certificate speaks for. DocAxis reads the identity from the subject's serialNumber
/// attribute (2.5.4.5), as X-Road does for member codes: for an agency it is the agency code,
/// for the hub and operators a configured name (e.g. "docaxis-hub").
/// </summary>
public static class CertificateIdentity
{
    public static readonly Org.BouncyCastle.Asn1.DerObjectIdentifier Attribute = X509Name.SerialNumber;

    /// <summary>The identity, or null when the subject carries none or more than one.</summary>
    public static string? Of(X509Certificate certificate)
    {
        var values = certificate.SubjectDN.GetValueList(Attribute);
        return values.Count == 1 ? values[0] : null;
    }

    public static AgencyCode? AgencyOf(X509Certificate certificate) =>
        AgencyCode.TryParse(Of(certificate), out var code) ? code : null;

    /// <summary>A subject as people read it, for refusal messages and logs.</summary>
    public static string Describe(X509Certificate certificate) => certificate.SubjectDN.ToString();

    /// <summary>Who the first certificate in a PEM file speaks for, as people read it, and until when.</summary>
    public static CertificateSummary Summarize(string pemPath)
    {
        var certificate = Pki.PemFiles.ReadCertificate(pemPath);
        return new CertificateSummary(Of(certificate), Describe(certificate), certificate.NotAfter);
    }
}

/// <summary>A certificate as a listing shows it.</summary>
public sealed record CertificateSummary(string? Identity, string Subject, DateTime NotAfter);
