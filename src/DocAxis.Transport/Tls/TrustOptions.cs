using DocAxis.Crypto.Revocation;

namespace DocAxis.Transport.Tls;

/// <summary>Which CAs to trust (files or folders of PEM/DER certificates) and how much clock skew to tolerate.</summary>
public sealed class TrustOptions
{
    /// <summary>Root CAs: in production, the national CA's roots.</summary>
    public string[] Anchors { get; set; } = [];

    /// <summary>Intermediate CAs between the roots and the agencies' certificates.</summary>
    public string[] Intermediates { get; set; } = [];

    /// <summary>How far in the future of our clock a signing time may be.</summary>
    public TimeSpan AllowedClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How certificates are checked for revocation (CRL files and distribution points, OCSP).</summary>
    public RevocationOptions Revocation { get; set; } = new();
}
