using System.Security.Cryptography.X509Certificates;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Signing;

namespace DocAxis.Node;

/// <summary>An agency this node acts for, with the keys it acts with and the hash of its DMS's token.</summary>
public sealed record HostedAgency(AgencyCode Code, string Name, X509Certificate2 Tls, SigningCredential Signing, byte[] DmsTokenSha256);
