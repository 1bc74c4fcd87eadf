namespace DocAxis.Crypto.Pki;

/// <summary>What to put in a certificate that a <see cref="CertificateAuthority"/> issues.</summary>
/// <param name="Identity">The serialNumber attribute: an agency code, or e.g. "docaxis-hub".</param>
/// <param name="DisplayName">Common name and organization, as people read them.</param>
/// <param name="NotBefore">Start of validity; null for an hour before now (tolerates clock skew).</param>
/// <param name="NotAfter">End of validity; null for two years after now.</param>
public sealed record CertificateRequest(
    string Identity,
    string DisplayName,
    CertificateProfile Profile,
    DateTimeOffset? NotBefore = null,
    DateTimeOffset? NotAfter = null);
