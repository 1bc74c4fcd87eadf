using DocAxis.Contracts.V1;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Pki;
using DocAxis.Hub;
using DocAxis.Node;
using DocAxis.Node.Dms;
using DocAxis.WebConsole;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using ProtoLevel = DocAxis.Contracts.V1.GovernmentLevel;

namespace DocAxis.Cli.Local;

/// <summary>
/// A whole axis on one machine: a development PKI, a hub and one node per agency, each on its own
/// loopback ports with real mutual TLS and its own SQLite database. The demo and the tests run
/// exactly this, so what they show is what a deployment does.
/// </summary>
public sealed class LoopbackAxis : IAsyncDisposable
{
    private readonly Dictionary<AgencyCode, (int Listen, int Dms, int RestPort, int ConsolePort)> _ports;
    private readonly int _hubConsolePort = FreePorts.Next();
    private readonly Dictionary<AgencyCode, string> _dmsTokens;
    private readonly Dictionary<AgencyCode, WebApplication> _nodes = [];
    private readonly LocalClients _clients;

    private LoopbackAxis(string root, IReadOnlyList<LocalAgency> agencies, PkiLayout? pki = null, string? hubIdentity = null)
    {
        Root = Path.GetFullPath(root);
        Agencies = agencies;
        Pki = pki ?? new PkiLayout(Path.Combine(Root, "pki"));
        HubIdentity = hubIdentity ?? DevelopmentPki.HubIdentity;
        (HubTls, HubSigning) = hubIdentity is null ? (Pki.HubTls, Pki.HubSigning) : (Pki.PeerHubTls(hubIdentity), Pki.PeerHubSigning(hubIdentity));
        HubPort = FreePorts.Next();
        _ports = agencies.Where(a => a.HostedBy is null).ToDictionary(a => a.Code, _ => (FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), FreePorts.Next()));
        _dmsTokens = agencies.ToDictionary(a => a.Code, _ => DmsTokens.Create().Token);
        _clients = new LocalClients(Pki, HubEndpoint);
    }

    public string Root { get; }

    public PkiLayout Pki { get; }

    /// <summary>The hub's identity in its certificates: "docaxis-hub", or its own in a federation.</summary>
    public string HubIdentity { get; }

    private KeyFiles HubTls { get; }

    private KeyFiles HubSigning { get; }

    public IReadOnlyList<LocalAgency> Agencies { get; }

    public int HubPort { get; }

    public Uri HubEndpoint => new($"https://127.0.0.1:{HubPort}");

    public string HubDataDirectory => Path.Combine(Root, "hub");

    public string LogDirectory => Path.Combine(Root, "logs");

    /// <summary>
    /// Whether a node hosting several agencies runs as a platform: one TLS identity of its own,
    /// named in the directory as each hosted agency's platform, and the agencies' signing keys read
    /// from the PKI's key store on first use. Otherwise it presents each agency's own certificate.
    /// </summary>
    public bool UsePlatforms { get; set; }

    /// <summary>The TLS identity of the platform node that hosts <paramref name="host"/> and the agencies it hosts.</summary>
    public static string PlatformOf(AgencyCode host) => $"platform.{host.Value}";

    /// <summary>Settings applied on top of the defaults for the hub (e.g. shorter retry delays).</summary>
    public Dictionary<string, string?> HubOverrides { get; } = [];

    /// <summary>Settings applied on top of the defaults for every node.</summary>
    public Dictionary<string, string?> NodeOverrides { get; } = [];

    public WebApplication? Hub { get; private set; }

    public LocalClients Clients => _clients;

    /// <summary>Creates the PKI for a new deployment under <paramref name="root"/>.</summary>
    public static LoopbackAxis Create(string root, IReadOnlyList<LocalAgency> agencies, TimeProvider time)
    {
        var axis = new LoopbackAxis(root, agencies);
        var pki = new DevelopmentPki(axis.Pki, time);
        var authority = pki.Initialize();
        foreach (var agency in agencies)
        {
            pki.IssueAgency(authority, agency.Code, agency.Name);
        }

        foreach (var host in agencies.Where(a => agencies.Count(b => b.Node == a.Code) > 1))
        {
            pki.IssuePlatform(authority, PlatformOf(host.Code), $"Nền tảng {host.Name}");
        }

        return axis;
    }

    /// <summary>
    /// One hub of a federation with its own agencies, on a PKI the federation shares (created by the
    /// first member): the hub gets certificates for <paramref name="hubIdentity"/>, each agency its own.
    /// </summary>
    public static LoopbackAxis CreateMember(string root, PkiLayout sharedPki, string hubIdentity, string hubName, IReadOnlyList<LocalAgency> agencies, TimeProvider time)
    {
        var axis = new LoopbackAxis(root, agencies, sharedPki, hubIdentity);
        var pki = new DevelopmentPki(sharedPki, time);
        var authority = File.Exists(sharedPki.Authority.CertificatePath) ? pki.LoadAuthority() : pki.Initialize();
        pki.IssueHub(authority, hubIdentity, hubName);
        foreach (var agency in agencies)
        {
            pki.IssueAgency(authority, agency.Code, agency.Name);
        }

        foreach (var host in agencies.Where(a => agencies.Count(b => b.Node == a.Code) > 1))
        {
            pki.IssuePlatform(authority, PlatformOf(host.Code), $"Nền tảng {host.Name}");
        }

        return axis;
    }

    public string NodeDataDirectory(AgencyCode code) => Path.Combine(Root, "nodes", code.Value);

    /// <summary>The agency list of the platform node that hosts <paramref name="code"/>, where agencies join it while it runs.</summary>
    public string AgencyListOf(AgencyCode code) => Path.Combine(Root, "nodes", $"{NodeOf(code).Value}.agencies.json");

    /// <summary>Where the hub delivers letters for the agency: the node that hosts it.</summary>
    public Uri NodeEndpoint(AgencyCode code) => new($"https://127.0.0.1:{_ports[NodeOf(code)].Listen}");

    public Uri DmsEndpoint(AgencyCode code) => new($"http://127.0.0.1:{_ports[NodeOf(code)].Dms}");

    /// <summary>The node's edXML REST endpoint (HTTP/1.1), for DMSs that cannot speak gRPC.</summary>
    public Uri RestEndpoint(AgencyCode code) => new($"http://127.0.0.1:{_ports[NodeOf(code)].RestPort}");

    /// <summary>The operators' and auditors' web console of the hub (on loopback, so plain HTTP).</summary>
    public Uri HubConsoleEndpoint => new($"http://127.0.0.1:{_hubConsolePort}");

    /// <summary>The clerks' web console of the node hosting <paramref name="code"/> (on loopback, so plain HTTP).</summary>
    public Uri ConsoleEndpoint(AgencyCode code) => new($"http://127.0.0.1:{_ports[NodeOf(code)].ConsolePort}");

    public bool IsNodeRunning(AgencyCode code) => _nodes.ContainsKey(NodeOf(code));

    /// <summary>The running node that hosts <paramref name="code"/>.</summary>
    public WebApplication Node(AgencyCode code) => _nodes[NodeOf(code)];

    private AgencyCode NodeOf(AgencyCode code) => Agencies.Single(a => a.Code == code).Node;

    public Dictionary<string, string?> HubSettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Hub:Listen"] = $"127.0.0.1:{HubPort}",
            ["Hub:DataDirectory"] = HubDataDirectory,
            ["Hub:Tls:CertificatePath"] = HubTls.CertificatePath,
            ["Hub:Tls:KeyPath"] = HubTls.KeyPath,
            ["Hub:Signing:CertificatePath"] = HubSigning.CertificatePath,
            ["Hub:Signing:KeyPath"] = HubSigning.KeyPath,
            ["Hub:Trust:Anchors:0"] = Pki.TrustAnchorPath,
            ["Hub:Console:Listen"] = $"127.0.0.1:{_hubConsolePort}",
            ["Hub:Operators:0"] = DevelopmentPki.OperatorIdentity,
            ["Hub:Auditors:0"] = DevelopmentPki.AuditorIdentity,
            ["Logs:Directory"] = LogDirectory,
            ["Logs:Console"] = "false",
        };
        return Merge(settings, HubOverrides);
    }

    /// <summary>The settings of the node of <paramref name="code"/>, with every agency that node hosts.</summary>
    public Dictionary<string, string?> NodeSettings(AgencyCode code)
    {
        var node = NodeOf(code);
        var (listen, dms, rest, console) = _ports[node];
        var settings = new Dictionary<string, string?>
        {
            ["Node:Listen"] = $"127.0.0.1:{listen}",
            ["Node:DmsListen"] = $"127.0.0.1:{dms}",
            ["Node:RestListen"] = $"127.0.0.1:{rest}",
            ["Node:Console:Listen"] = $"127.0.0.1:{console}",
            ["Node:DataDirectory"] = NodeDataDirectory(node),
            ["Node:Tls:CertificatePath"] = Pki.AgencyTls(node).CertificatePath,
            ["Node:Tls:KeyPath"] = Pki.AgencyTls(node).KeyPath,
            ["Node:Trust:Anchors:0"] = Pki.TrustAnchorPath,
            ["Node:Hub:Endpoint"] = HubEndpoint.ToString(),
            ["Node:Hub:Identity"] = HubIdentity,
            ["Logs:Directory"] = LogDirectory,
            ["Logs:Console"] = "false",
        };
        var hosted = Agencies.Where(a => a.Node == node).ToList();
        var platform = UsePlatforms && hosted.Count > 1;
        if (platform)
        {
            settings["Node:Platform:Tls:CertificatePath"] = Pki.PlatformTls(PlatformOf(node)).CertificatePath;
            settings["Node:Platform:Tls:KeyPath"] = Pki.PlatformTls(PlatformOf(node)).KeyPath;
            settings["Node:Platform:SigningKeys"] = Pki.AgencyKeyStore;
            settings["Node:Platform:AgenciesFile"] = AgencyListOf(node);
        }

        for (var i = 0; i < hosted.Count; i++)
        {
            var agency = hosted[i].Code;
            settings[$"Node:Agencies:{i}:Code"] = agency.Value;
            settings[$"Node:Agencies:{i}:Name"] = hosted[i].Name;
            settings[$"Node:Agencies:{i}:DmsTokenSha256"] = DmsTokens.HashOf(_dmsTokens[agency]);
            if (!platform)
            {
                settings[$"Node:Agencies:{i}:Tls:CertificatePath"] = Pki.AgencyTls(agency).CertificatePath;
                settings[$"Node:Agencies:{i}:Tls:KeyPath"] = Pki.AgencyTls(agency).KeyPath;
                settings[$"Node:Agencies:{i}:Signing:CertificatePath"] = Pki.AgencySigning(agency).CertificatePath;
                settings[$"Node:Agencies:{i}:Signing:KeyPath"] = Pki.AgencySigning(agency).KeyPath;
            }
        }

        return Merge(settings, NodeOverrides);
    }

    public async Task StartHubAsync()
    {
        if (Hub is not null)
        {
            throw new InvalidOperationException("The hub is already running.");
        }

        var hub = HubApplication.Build([], configuration => configuration.AddInMemoryCollection(HubSettings()), door: new HubConsole());
        await hub.StartAsync();
        Hub = hub;
    }

    public async Task StopHubAsync()
    {
        if (Hub is { } hub)
        {
            Hub = null;
            await hub.StopAsync();
            await hub.DisposeAsync();
        }
    }

    /// <summary>Starts the node that hosts <paramref name="code"/>.</summary>
    public async Task<WebApplication> StartNodeAsync(AgencyCode code)
    {
        var node = NodeApplication.Build([], configuration => configuration.AddInMemoryCollection(NodeSettings(code)), door: new NodeConsole());
        await node.StartAsync();
        _nodes.Add(NodeOf(code), node);
        return node;
    }

    public async Task StopNodeAsync(AgencyCode code)
    {
        if (_nodes.Remove(NodeOf(code), out var node))
        {
            await node.StopAsync();
            await node.DisposeAsync();
        }
    }

    /// <summary>Puts every agency in the hub's directory, as an operator would with <c>docaxis agency add</c>.</summary>
    public Task RegisterAgenciesAsync() => PutAgenciesAsync(Agencies, agency => (NodeEndpoint(agency.Code).ToString(), string.Empty));

    /// <summary>The platform the directory names for <paramref name="agency"/>: its node's, when that node runs as a platform.</summary>
    private string PlatformIdOf(LocalAgency agency) =>
        UsePlatforms && Agencies.Count(a => a.Node == agency.Node) > 1 ? PlatformOf(agency.Node) : string.Empty;

    /// <summary>Puts other hubs' agencies in this hub's directory, reached through <paramref name="viaHub"/>.</summary>
    public Task RegisterRemoteAgenciesAsync(IEnumerable<LocalAgency> agencies, string viaHub) => PutAgenciesAsync(agencies, _ => (string.Empty, viaHub));

    /// <summary>Names <paramref name="peer"/> as a peer hub of this hub, as an operator would with <c>docaxis hub peer add</c>.</summary>
    public async Task AddPeerHubAsync(LoopbackAxis peer, string name)
    {
        var directory = new DirectoryService.DirectoryServiceClient(_clients.Operator());
        await directory.PutPeerHubAsync(new PutPeerHubRequest
        {
            Peer = new Contracts.V1.PeerHub { HubId = peer.HubIdentity, Name = name, Endpoint = peer.HubEndpoint.ToString(), Enabled = true },
        });
    }

    /// <summary>The codes of the agencies in this hub's directory.</summary>
    public async Task<HashSet<string>> ListAgencyCodesAsync()
    {
        var directory = new DirectoryService.DirectoryServiceClient(_clients.Operator());
        return [.. (await directory.ListAgenciesAsync(new ListAgenciesRequest { IncludeDisabled = true })).Agencies.Select(a => a.Code)];
    }

    private async Task PutAgenciesAsync(IEnumerable<LocalAgency> agencies, Func<LocalAgency, (string NodeEndpoint, string ViaHub)> route)
    {
        var directory = new DirectoryService.DirectoryServiceClient(_clients.Operator());
        foreach (var agency in agencies)
        {
            var (endpoint, viaHub) = route(agency);
            await directory.PutAgencyAsync(new PutAgencyRequest
            {
                Agency = new Contracts.V1.Agency
                {
                    Code = agency.Code.Value,
                    Name = agency.Name,
                    Level = (ProtoLevel)(int)agency.Level,
                    ParentCode = agency.Parent?.Value ?? string.Empty,
                    NodeEndpoint = endpoint,
                    ViaHub = viaHub,
                    PlatformId = endpoint.Length > 0 ? PlatformIdOf(agency) : string.Empty,
                    Enabled = true,
                    LegacyCode = agency.LegacyCode ?? string.Empty,
                },
            });
        }
    }

    /// <summary>The token the agency's DMS presents to its node.</summary>
    public string DmsToken(AgencyCode code) => _dmsTokens[code];

    /// <summary>A DMS's connection to its node's local API, as its agency.</summary>
    public CallInvoker Dms(AgencyCode code) => _clients.Dms(DmsEndpoint(code), DmsToken(code));

    public async ValueTask DisposeAsync()
    {
        foreach (var code in _nodes.Keys.ToList())
        {
            await StopNodeAsync(code);
        }

        await StopHubAsync();
        _clients.Dispose();
    }

    private static Dictionary<string, string?> Merge(Dictionary<string, string?> settings, Dictionary<string, string?> overrides)
    {
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }
}
