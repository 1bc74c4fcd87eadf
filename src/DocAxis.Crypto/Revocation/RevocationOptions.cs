namespace DocAxis.Crypto.Revocation;

/// <summary>How certificates are checked for revocation (section "...:Trust:Revocation").</summary>
public sealed class RevocationOptions
{
    public RevocationMode Mode { get; set; } = RevocationMode.Prefer;

    /// <summary>CRL files or folders (PEM or DER) to load, for CAs whose CRLs are distributed out of band.</summary>
    public string[] CrlFiles { get; set; } = [];

    /// <summary>Fetch CRLs from the certificates' CRL distribution points (http only).</summary>
    public bool FetchCrlDistributionPoints { get; set; } = true;

    /// <summary>Ask the OCSP responder named in a certificate's authority information access, before any CRL.</summary>
    public bool UseOcsp { get; set; } = true;

    /// <summary>How often the Quartz job reloads CRL files and refetches the distribution points seen so far.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long an OCSP answer is reused (never past its nextUpdate).</summary>
    public TimeSpan OcspCacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one CRL download or OCSP request may take.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
