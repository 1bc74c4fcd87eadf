namespace DocAxis.Crypto.Trust;

/// <summary>What a certificate is being relied on for; each purpose needs its own key usages.</summary>
public enum CertificatePurpose
{
    /// <summary>A CMS signature over a manifest, receipt or status report.</summary>
    Signing,

    /// <summary>The client side of mutual TLS.</summary>
    TlsClient,

    /// <summary>The server side of TLS.</summary>
    TlsServer,
}
