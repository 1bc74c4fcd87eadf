using System.Security.Cryptography.X509Certificates;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using Org.BouncyCastle.X509;

namespace DocAxis.Transport.Tls;

/// <summary>Conversions between the .NET certificates TLS uses and the BouncyCastle ones validation uses.</summary>
public static class TlsCertificates
{
    public static X509Certificate2 Load(CertificateOptions options) =>
        X509Certificate2.CreateFromPemFile(options.CertificatePath, options.KeyPath);

    /// <summary>The intermediates that follow the leaf in a PEM certificate file, to send in the handshake.</summary>
    public static X509Certificate2Collection LoadChain(CertificateOptions options)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPemFile(options.CertificatePath);
        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            chain.Add(all[i]);
        }

        return chain;
    }

    public static BcCertificate ToBouncyCastle(System.Security.Cryptography.X509Certificates.X509Certificate certificate) =>
        Crypto.Trust.KnownCertificates.Intern(certificate.GetRawCertData());
}
