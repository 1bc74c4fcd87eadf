using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace DocAxis.Crypto.Revocation;

/// <summary>Where a certificate says its revocation status can be found.</summary>
internal static class RevocationPointers
{
    public static IReadOnlyList<Uri> CrlDistributionPoints(X509Certificate certificate)
    {
        var points = CrlDistPoint.FromExtensions(certificate.CertificateStructure.TbsCertificate.Extensions);
        if (points is null)
        {
            return [];
        }

        return [.. points.GetDistributionPoints()
            .Select(p => p.DistributionPointName)
            .Where(n => n is not null && n.Type == DistributionPointName.FullName)
            .SelectMany(n => GeneralNames.GetInstance(n.Name).GetNames())
            .Where(g => g.TagNo == GeneralName.UniformResourceIdentifier)
            .Select(g => g.Name.ToString())
            .Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .Where(u => u.Scheme == Uri.UriSchemeHttp)];
    }

    public static IReadOnlyList<Uri> OcspResponders(X509Certificate certificate)
    {
        var access = AuthorityInformationAccess.FromExtensions(certificate.CertificateStructure.TbsCertificate.Extensions);
        if (access is null)
        {
            return [];
        }

        return [.. access.GetAccessDescriptions()
            .Where(d => d.AccessMethod.Equals(X509ObjectIdentifiers.IdADOcsp) && d.AccessLocation.TagNo == GeneralName.UniformResourceIdentifier)
            .Select(d => Uri.TryCreate(d.AccessLocation.Name.ToString(), UriKind.Absolute, out var uri) ? uri : null)
            .OfType<Uri>()
            .Where(u => u.Scheme == Uri.UriSchemeHttp)];
    }
}
