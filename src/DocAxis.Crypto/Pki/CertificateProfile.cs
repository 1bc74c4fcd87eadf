namespace DocAxis.Crypto.Pki;

/// <summary>What a certificate is for; decides its key usages and extended key usages.</summary>
public enum CertificateProfile
{
    /// <summary>A certification authority: keyCertSign, cRLSign, basicConstraints CA.</summary>
    Authority,

    /// <summary>TLS for a host that both serves and calls (hub, agency node): serverAuth + clientAuth, SAN localhost.</summary>
    TlsPeer,

    /// <summary>TLS for a client only (an operator's command line): clientAuth.</summary>
    TlsClient,

    /// <summary>Signing OCSP responses for its issuer (delegated responder): OCSPSigning.</summary>
    OcspResponder,

    /// <summary>Signing letters and receipts: digitalSignature + nonRepudiation, no EKU (as S/MIME tools expect).</summary>
    Signing,
}
