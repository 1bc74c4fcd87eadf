using Dapper;
using DocAxis.Cli.Local;
using DocAxis.Testing;
using Grpc.Health.V1;
using Npgsql;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>
/// Several hub processes on one PostgreSQL database behind a TCP load balancer, as a ministry
/// would run them; nodes reach the hub through the balancer, whose port is the deployment's hub port.
/// </summary>
public sealed class HubCluster : IAsyncDisposable
{
    private readonly PostgresCluster _postgres;
    private readonly List<int> _ports;
    private TcpBalancer? _balancer;

    private HubCluster(PostgresCluster postgres, string connection, LoopbackAxis axis, List<int> ports)
    {
        _postgres = postgres;
        ConnectionString = connection;
        Axis = axis;
        _ports = ports;
    }

    public LoopbackAxis Axis { get; }

    public string ConnectionString { get; }

    public List<HostProcess> Hubs { get; } = [];

    public Dictionary<string, HostProcess> Nodes { get; } = [];

    public static async Task<HubCluster> StartAsync(string name, int instances, IReadOnlyList<LocalAgency> agencies, IReadOnlyDictionary<string, string?> hubSettings)
    {
        var postgres = TestDatabases.NewPostgresCluster();
        await using (var server = new NpgsqlConnection(postgres.ConnectionString))
        {
            await server.ExecuteAsync("CREATE DATABASE docaxis_cluster");
        }

        var root = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        var axis = LoopbackAxis.Create(root, agencies, TimeProvider.System);
        var connection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = "docaxis_cluster" }.ToString();
        var cluster = new HubCluster(postgres, connection, axis, [.. Enumerable.Range(0, instances).Select(_ => FreePorts.Next())]);
        for (var i = 0; i < instances; i++)
        {
            var settings = axis.HubSettings();
            settings["Hub:Listen"] = $"127.0.0.1:{cluster._ports[i]}";
            settings["Hub:Console:Listen"] = $"127.0.0.1:{FreePorts.Next()}";
            settings["Hub:DataDirectory"] = Path.Combine(root, $"hub-{i}");
            settings["Hub:Storage:Provider"] = "PostgreSql";
            settings["Hub:Storage:ConnectionString"] = connection;
            settings["Hub:Storage:ContentDirectory"] = Path.Combine(root, "hub-content");
            settings["Logs:Directory"] = Path.Combine(root, "logs", $"hub-{i}");
            foreach (var (key, value) in hubSettings)
            {
                settings[key] = value;
            }

            var config = JsonSettings.Write(Path.Combine(root, $"hub-{i}.json"), settings);
            cluster.Hubs.Add(HostProcess.Start("hub", config, Path.Combine(root, $"hub-{i}.out")));
        }

        foreach (var port in cluster._ports)
        {
            await cluster.WaitServingAsync(port);
        }

        cluster._balancer = new TcpBalancer(axis.HubPort, cluster._ports);
        await axis.RegisterAgenciesAsync();
        return cluster;
    }

    /// <summary>Starts the node hosting <paramref name="agency"/> as a process of its own.</summary>
    public HostProcess StartNode(LocalAgency agency)
    {
        var config = JsonSettings.Write(Path.Combine(Axis.Root, $"node-{agency.Code}.json"), Axis.NodeSettings(agency.Code));
        var node = HostProcess.Start("node", config, Path.Combine(Axis.Root, $"node-{agency.Code}.out"));
        Nodes[agency.Code.Value] = node;
        return node;
    }

    /// <summary>Waits until a hub instance answers its health check (after a start or a restart).</summary>
    public async Task WaitServingAsync(int port)
    {
        using var channel = Transport.Peers.PeerChannels.Create(
            new Uri($"https://127.0.0.1:{port}"),
            Transport.Tls.TlsCertificates.Load(new Transport.Tls.CertificateOptions { CertificatePath = Axis.Pki.OperatorTls.CertificatePath, KeyPath = Axis.Pki.OperatorTls.KeyPath }),
            new Transport.Peers.PeerAuthenticator(new Crypto.Trust.CertificateValidator(Crypto.Trust.TrustStore.Load([Axis.Pki.TrustAnchorPath], [])), TimeProvider.System));
        var health = new Health.HealthClient(channel);
        await Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    return (await health.CheckAsync(new HealthCheckRequest(), deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(2))).Status;
                }
                catch (Grpc.Core.RpcException)
                {
                    return HealthCheckResponse.Types.ServingStatus.Unknown;
                }
            },
            status => status == HealthCheckResponse.Types.ServingStatus.Serving,
            $"the hub instance on port {port} serves",
            TimeSpan.FromSeconds(90));
    }

    public int PortOf(HostProcess hub) => _ports[Hubs.IndexOf(hub)];

    public async Task<T> QueryAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException(sql);
    }

    public async Task<List<T>> ListAsync<T>(string sql, object? parameters = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        return [.. await connection.QueryAsync<T>(sql, parameters)];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes.Values)
        {
            await node.DisposeAsync();
        }

        foreach (var hub in Hubs)
        {
            await hub.DisposeAsync();
        }

        if (_balancer is not null)
        {
            await _balancer.DisposeAsync();
        }

        await Axis.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
