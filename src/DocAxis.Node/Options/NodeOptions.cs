using DocAxis.Transport.Tls;

namespace DocAxis.Node.Options;

/// <summary>An agency node's configuration, section "Node".</summary>
public sealed class NodeOptions
{
    public const string Section = "Node";

    /// <summary>Address and port where the hub delivers letters (mutual TLS).</summary>
    public string Listen { get; set; } = "127.0.0.1:7501";

    /// <summary>Address and port of the API for the agencies' DMS (HTTP/2; HTTPS with <see cref="ApiTls"/>, which it needs beyond loopback).</summary>
    public string DmsListen { get; set; } = "127.0.0.1:7601";

    /// <summary>
    /// Address and port of the edXML REST endpoint (HTTP/1.1, JSON, bearer token per agency) for a
    /// DMS that cannot speak gRPC; empty to serve none. Like the DMS listener, keep it on loopback or
    /// a private network, or behind a TLS-terminating proxy.
    /// </summary>
    public string RestListen { get; set; } = "127.0.0.1:7701";

    /// <summary>
    /// The certificate the DMS API and the REST door serve HTTPS with. Required when either listens
    /// beyond loopback (a province's communes reach their platform node over its network): the
    /// node refuses to start without it there, since each call carries its agency's token.
    /// </summary>
    public CertificateOptions? ApiTls { get; set; }

    /// <summary>The largest request the REST endpoint reads, in bytes; larger letters go through gRPC's SendEdXml, which streams.</summary>
    public long RestMaxBodyBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How long a stopping host lets transfers in flight finish; past it they are cut off, and
    /// since nothing half-received is ever kept, the sender simply retries.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Folder of the database, attachment content and logs.</summary>
    public string DataDirectory { get; set; } = "node-data";

    /// <summary>The node's TLS server certificate, presented to the hub when it delivers.</summary>
    public CertificateOptions Tls { get; set; } = new();

    public TrustOptions Trust { get; set; } = new();

    public HubConnectionOptions Hub { get; set; } = new();

    /// <summary>The agencies this node hosts; one node may host many (a province's communes).</summary>
    public List<HostedAgencyOptions> Agencies { get; set; } = [];

    /// <summary>For a platform node hosting many agencies: one TLS identity for all, and their signing keys in one store.</summary>
    public PlatformOptions Platform { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    public EventOptions Events { get; set; } = new();

    /// <summary>The largest attachment a DMS may hand over, in bytes.</summary>
    public long MaxAttachmentBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The largest edXML package a DMS may send, in bytes: base64 makes content a third larger.</summary>
    public long MaxEdXmlPackageBytes { get; set; } = 3L * 1024 * 1024 * 1024;
}

/// <summary>Where the hub is and who it must be, section "Node:Hub".</summary>
public sealed class HubConnectionOptions
{
    /// <summary>The hub's address, e.g. https://hub.example.gov.vn:7443.</summary>
    public string Endpoint { get; set; } = "https://127.0.0.1:7443";

    /// <summary>The identity (serialNumber) in the hub's TLS and signing certificates.</summary>
    public string Identity { get; set; } = "docaxis-hub";
}

/// <summary>One agency hosted by the node, with its own TLS and signing keys.</summary>
public sealed class HostedAgencyOptions
{
    public string Code { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>The agency's TLS client certificate, used when this node calls the hub for it; empty on a platform node (Node:Platform:Tls).</summary>
    public CertificateOptions Tls { get; set; } = new();

    /// <summary>The agency's signing certificate, for its letters, receipts and statuses; empty to take it from Node:Platform:SigningKeys.</summary>
    public CertificateOptions Signing { get; set; } = new();

    /// <summary>
    /// SHA-256 (hex) of the bearer token the agency's DMS presents on the local API; the token itself
    /// is never stored. <c>docaxis node token</c> makes a token and its hash.
    /// </summary>
    public string DmsTokenSha256 { get; set; } = string.Empty;
}

/// <summary>
/// A province's platform node, section "Node:Platform": it calls the hub for every hosted agency
/// with one TLS certificate of its own (the directory names it as each agency's platform), and
/// reads each agency's signing key from a key store when the agency first needs it.
/// </summary>
public sealed class PlatformOptions
{
    /// <summary>The platform's TLS client certificate, used for every hosted agency that gives none of its own.</summary>
    public CertificateOptions? Tls { get; set; }

    /// <summary>
    /// A folder with one subfolder per agency code holding <c>signing.crt</c> and <c>signing.key</c>,
    /// for every hosted agency that gives no signing certificate of its own.
    /// </summary>
    public string? SigningKeys { get; set; }

    /// <summary>
    /// A JSON file listing hosted agencies (code, name, DMS token hash) that use the platform's TLS
    /// identity and key store; <c>docaxis node agency add|remove</c> edits it, and the node takes
    /// the change without a restart.
    /// </summary>
    public string? AgenciesFile { get; set; }

    /// <summary>How often the node looks whether the agency list changed.</summary>
    public TimeSpan AgenciesFileCheckInterval { get; set; } = TimeSpan.FromSeconds(2);
}
