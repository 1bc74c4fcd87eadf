using System.Security.Cryptography.X509Certificates;
using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Signing;
using DocAxis.Hub.Options;
using DocAxis.Transport.Tls;

namespace DocAxis.Hub;

/// <summary>The hub's own keys: its TLS certificate and the signing credential for acceptance receipts.</summary>
public sealed class HubCredentials(HubOptions options)
{
    public X509Certificate2 Tls { get; } = TlsCertificates.Load(options.Tls);

    public X509Certificate2Collection TlsChain { get; } = TlsCertificates.LoadChain(options.Tls);

    public SigningCredential Signing { get; } = SigningCredential.Load(new KeyFiles(options.Signing.CertificatePath, options.Signing.KeyPath));

    /// <summary>The hub's identity as its signing certificate names it; nodes check receipts against it.</summary>
    public string Identity => Signing.Identity;
}
