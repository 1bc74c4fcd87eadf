using DocAxis.Core.Agencies;

namespace DocAxis.Crypto.Pki;

/// <summary>
/// The files of a development PKI under one folder (see certs/README.md):
/// <c>ca/</c>, <c>hub/</c>, <c>operator/</c>, <c>auditor/</c> and <c>agencies/&lt;code&gt;/</c>, each with
/// <c>tls.crt/.key</c> and, where it signs, <c>signing.crt/.key</c>.
/// </summary>
public sealed record PkiLayout(string Root)
{
    public KeyFiles Authority => Pair("ca", "root");

    public string TrustAnchorPath => Authority.CertificatePath;

    public KeyFiles HubTls => Pair("hub", "tls");

    public KeyFiles HubSigning => Pair("hub", "signing");

    public KeyFiles OperatorTls => Pair("operator", "tls");

    public KeyFiles AuditorTls => Pair("auditor", "tls");

    /// <summary>The TLS certificate of one of several hubs sharing this PKI (a federation).</summary>
    public KeyFiles PeerHubTls(string hubId) => Pair(Path.Combine("hubs", hubId), "tls");

    public KeyFiles PeerHubSigning(string hubId) => Pair(Path.Combine("hubs", hubId), "signing");

    /// <summary>The TLS certificate of a platform node, which acts for the many agencies it hosts.</summary>
    public KeyFiles PlatformTls(string platformId) => Pair(Path.Combine("platforms", platformId), "tls");

    /// <summary>The key store of agencies' signing keys: one folder per agency code (what Node:Platform:SigningKeys names).</summary>
    public string AgencyKeyStore => Path.Combine(Root, "agencies");

    public KeyFiles AgencyTls(AgencyCode code) => Pair(Path.Combine("agencies", code.Value), "tls");

    public KeyFiles AgencySigning(AgencyCode code) => Pair(Path.Combine("agencies", code.Value), "signing");

    private KeyFiles Pair(string folder, string name) =>
        new(Path.Combine(Root, folder, name + ".crt"), Path.Combine(Root, folder, name + ".key"));
}
