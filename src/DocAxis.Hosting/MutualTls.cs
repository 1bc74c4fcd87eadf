using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace DocAxis.Hosting;

public static class MutualTls
{
    /// <summary>
    /// HTTP/2 over TLS with a client certificate required. The handshake only checks that one is
    /// presented; PeerIdentityInterceptor validates it per call against the trust store, so an
    /// untrusted caller learns which certificate failed and why instead of a bare handshake error.
    /// </summary>
    public static void UseMutualTls(this ListenOptions listen, X509Certificate2 certificate, X509Certificate2Collection chain)
    {
        listen.Protocols = HttpProtocols.Http2;
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            ServerCertificateChain = chain,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            ClientCertificateValidation = (_, _, _) => true,
            CheckCertificateRevocation = false,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        });
    }

    /// <summary>
    /// HTTPS without client certificates, for the doors a DMS or a browser walks through when they
    /// listen beyond loopback: the bearer token and the letters must not cross a network in clear.
    /// </summary>
    public static void UseServerTls(this ListenOptions listen, HttpProtocols protocols, X509Certificate2 certificate, X509Certificate2Collection chain)
    {
        listen.Protocols = protocols;
        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            ServerCertificateChain = chain,
            ClientCertificateMode = ClientCertificateMode.NoCertificate,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        });
    }
}
