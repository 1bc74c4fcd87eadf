using System.Security.Cryptography.X509Certificates;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Signing;

namespace DocAxis.Node;

/// <summary>
/// An agency this node acts for, with the keys it acts with and the hash of its DMS's token. On a
/// platform node the TLS certificate is the platform's, and the signing key is read from the key
/// store when the agency first signs.
/// </summary>
public sealed class HostedAgency(AgencyCode code, string name, X509Certificate2 tls, Lazy<SigningCredential> signing, byte[] dmsTokenSha256)
{
    public AgencyCode Code => code;

    public string Name => name;

    public X509Certificate2 Tls => tls;

    public SigningCredential Signing => signing.Value;

    public byte[] DmsTokenSha256 => dmsTokenSha256;
}
