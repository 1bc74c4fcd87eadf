using DocAxis.Core.Agencies;
using Org.BouncyCastle.X509;

namespace DocAxis.Transport.Peers;

/// <summary>Who is on the other end of a mutual-TLS connection, after their certificate validated.</summary>
/// <param name="Identity">The serialNumber identity of the certificate: an agency code or e.g. "docaxis-hub".</param>
public sealed record PeerIdentity(string Identity, AgencyCode? Agency, X509Certificate Certificate);
