using DocAxis.Core.Agencies;

namespace DocAxis.Transport.Peers;

/// <summary>Who is on the other end of a mutual-TLS connection, after their certificate validated.</summary>
/// <param name="Identity">The serialNumber identity of the certificate: an agency code or e.g. "docaxis-hub".</param>
/// <param name="Certificate">The certificate's subject as people read it, for refusals and logs.</param>
public sealed record PeerIdentity(string Identity, AgencyCode? Agency, string Certificate);
