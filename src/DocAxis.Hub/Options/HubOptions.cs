using DocAxis.Transport.Tls;

namespace DocAxis.Hub.Options;

/// <summary>The hub's configuration, section "Hub".</summary>
public sealed class HubOptions
{
    public const string Section = "Hub";

    /// <summary>Address and port of the mutual-TLS gRPC listener.</summary>
    public string Listen { get; set; } = "127.0.0.1:7443";

    /// <summary>
    /// How long a stopping host lets transfers in flight finish; past it they are cut off, and
    /// since nothing half-received is ever kept, the sender simply retries.
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Folder of the database, attachment content and logs.</summary>
    public string DataDirectory { get; set; } = "hub-data";

    /// <summary>The hub's TLS certificate (serverAuth for nodes calling in, clientAuth for pushing to nodes).</summary>
    public CertificateOptions Tls { get; set; } = new();

    /// <summary>The hub's signing certificate, for acceptance receipts.</summary>
    public CertificateOptions Signing { get; set; } = new();

    public TrustOptions Trust { get; set; } = new();

    /// <summary>Certificate identities (serialNumber) allowed to change the agency directory.</summary>
    public string[] Operators { get; set; } = [];

    /// <summary>Certificate identities (serialNumber) allowed to read every letter's trace and the exchange log.</summary>
    public string[] Auditors { get; set; } = [];

    public StorageOptions Storage { get; set; } = new();

    public LimitOptions Limits { get; set; } = new();

    public DeliveryOptions Delivery { get; set; } = new();

    public FederationOptions Federation { get; set; } = new();

    /// <summary>How often the hub signs the head of its exchange log.</summary>
    public TimeSpan AuditSealInterval { get; set; } = TimeSpan.FromMinutes(10);

    public StatisticsOptions Statistics { get; set; } = new();
}
