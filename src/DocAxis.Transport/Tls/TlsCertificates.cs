using System.Security.Cryptography.X509Certificates;

namespace DocAxis.Transport.Tls;

/// <summary>The .NET certificates TLS uses, read from the PEM files a host is configured with.</summary>
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
}
