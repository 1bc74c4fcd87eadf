using DocAxis.Cli.Local;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Pki;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Tls;
using Grpc.Net.Client;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>
/// A loopback axis for one test: real PKI, a hub and nodes with real mutual TLS on loopback ports,
/// real SQLite files, retry delays shortened so retries happen within the test. The folder is
/// removed afterwards unless the test failed (then its logs are worth reading).
/// </summary>
public sealed class TestAxis : IAsyncDisposable
{
    public static readonly LocalAgency Sender = new(AgencyCode.Parse("000.00.00.G22"), "Văn phòng Chính phủ", GovernmentLevel.Central);
    public static readonly LocalAgency First = new(AgencyCode.Parse("000.00.00.H41"), "Ủy ban nhân dân tỉnh Nghệ An", GovernmentLevel.Province);
    public static readonly LocalAgency Second = new(AgencyCode.Parse("000.00.00.H29"), "Ủy ban nhân dân tỉnh thử nghiệm", GovernmentLevel.Province);

    private TestAxis(LoopbackAxis axis) => Axis = axis;

    public LoopbackAxis Axis { get; }

    public HubInspector HubDatabase => new(Axis.HubDataDirectory);

    public bool KeepFiles { get; set; }

    public static TestAxis Create(string name) => Create(name, Sender, First, Second);

    public static TestAxis Create(string name, params LocalAgency[] agencies)
    {
        var root = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        var axis = LoopbackAxis.Create(root, agencies, TimeProvider.System);
        axis.HubOverrides["Hub:Delivery:InitialDelay"] = "00:00:00.200";
        axis.HubOverrides["Hub:Delivery:MaxDelay"] = "00:00:01";
        axis.HubOverrides["Hub:Delivery:PollInterval"] = "00:00:00.200";
        axis.NodeOverrides["Node:Outbox:InitialDelay"] = "00:00:00.200";
        axis.NodeOverrides["Node:Outbox:MaxDelay"] = "00:00:01";
        axis.NodeOverrides["Node:Outbox:PollInterval"] = "00:00:00.200";
        return new TestAxis(axis);
    }

    /// <summary>Starts the hub, registers the agencies and starts the given nodes (all by default).</summary>
    public async Task StartAsync(params LocalAgency[] nodes)
    {
        await Axis.StartHubAsync();
        await Axis.RegisterAgenciesAsync();
        foreach (var agency in nodes.Length == 0 ? [Sender, First, Second] : nodes)
        {
            await Axis.StartNodeAsync(agency.Code);
        }
    }

    /// <summary>The deployment's own CA, to issue certificates a test needs (expired, wrong agency, weak...).</summary>
    public CertificateAuthority Authority() =>
        CertificateAuthority.Load(Axis.Pki.Authority.CertificatePath, Axis.Pki.Authority.KeyPath, TimeProvider.System);

    /// <summary>Writes an issued certificate and key under the deployment's folder and returns their paths.</summary>
    public KeyFiles Save(IssuedCertificate issued, string name)
    {
        var files = new KeyFiles(Path.Combine(Axis.Root, "issued", name + ".crt"), Path.Combine(Axis.Root, "issued", name + ".key"));
        issued.WriteTo(files.CertificatePath, files.KeyPath);
        return files;
    }

    /// <summary>A mutual-TLS channel to the hub with the given client certificate.</summary>
    public GrpcChannel HubChannel(KeyFiles client)
    {
        var authenticator = PeerAuthenticator.Anchored([Axis.Pki.TrustAnchorPath]);
        var certificate = TlsCertificates.Load(new CertificateOptions { CertificatePath = client.CertificatePath, KeyPath = client.KeyPath });
        return PeerChannels.Create(Axis.HubEndpoint, certificate, authenticator);
    }

    public async ValueTask DisposeAsync()
    {
        await Axis.DisposeAsync();
        if (!KeepFiles)
        {
            try
            {
                Directory.Delete(Axis.Root, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a closing handle; the temp folder is cleaned by the OS.
            }
        }
    }
}
