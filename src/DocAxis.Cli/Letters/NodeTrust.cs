using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace DocAxis.Cli.Letters;

/// <summary>Trust for a node's HTTPS certificate issued by a CA the system does not know: that CA, and nothing else.</summary>
public static class NodeTrust
{
    public static SocketsHttpHandler Handler(string caPath)
    {
        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(caPath);
        if (anchors.Count == 0)
        {
            throw new InvalidDataException($"{caPath} holds no PEM certificate.");
        }

        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    // The name must match; only the chain is judged against the given CA instead of the system's.
                    if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
                },
            },
        };
    }
}
