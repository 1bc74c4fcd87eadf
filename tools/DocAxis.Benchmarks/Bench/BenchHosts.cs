using System.Net.Sockets;
using Dapper;
using DocAxis.Cli.Local;
using DocAxis.Storage;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Tls;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace DocAxis.Benchmarks.Bench;

/// <summary>The processes a benchmark runs against, and what it reads back from the hub's store.</summary>
internal static class BenchHosts
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    /// <summary>Waits until the hub answers its health check as serving.</summary>
    public static async Task WaitServingAsync(LoopbackAxis axis)
    {
        var health = new Health.HealthClient(axis.Clients.Operator());
        await UntilAsync(async () =>
        {
            try
            {
                return (await health.CheckAsync(new HealthCheckRequest(), deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(2))).Status == HealthCheckResponse.Types.ServingStatus.Serving;
            }
            catch (Grpc.Core.RpcException)
            {
                return false;
            }
        }, "the hub to serve");
    }

    /// <summary>
    /// Waits until every one of the processes has used under 5% of a core for a whole second (at
    /// most a minute), so that a timed phase does not also measure what the one before left running
    /// (deliveries finishing, writeback, the last of the compiler's work after the warm-up).
    /// </summary>
    public static async Task WaitSettledAsync(params ProcessMeter[] meters)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(1);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            var before = meters.Select(m => m.CpuTime).ToList();
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (meters.Select((m, i) => m.CpuTime - before[i]).All(used => used < TimeSpan.FromMilliseconds(50)))
            {
                return;
            }
        }
    }

    public static Task WaitListeningAsync(int port) => UntilAsync(async () =>
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }, $"port {port} to listen");

    /// <summary>An agency's mutual-TLS channel to any endpoint speaking the hub's TLS (the hub, or the ceiling).</summary>
    public static GrpcChannel AgencyChannel(LoopbackAxis axis, LocalAgency agency, Uri endpoint) =>
        PeerChannels.Create(
            endpoint,
            TlsCertificates.Load(new CertificateOptions { CertificatePath = axis.Pki.AgencyTls(agency.Code).CertificatePath, KeyPath = axis.Pki.AgencyTls(agency.Code).KeyPath }),
            PeerAuthenticator.Anchored([axis.Pki.TrustAnchorPath]));

    /// <summary>When the hub recorded each letter's delivery receipt, waiting until every one of <paramref name="ids"/> has one.</summary>
    public static async Task<Dictionary<string, DateTimeOffset>> WaitDeliveredAsync(Database hub, IReadOnlyCollection<string> ids)
    {
        var wanted = ids.ToHashSet();
        var delivered = new Dictionary<string, DateTimeOffset>();
        await UntilAsync(async () =>
        {
            // Only the letters still awaited: the store may hold millions of others (--preload).
            var remaining = wanted.Where(id => !delivered.ContainsKey(id)).ToList();
            await using var connection = await hub.OpenAsync();
            // Dapper expands a list after IN, except for Npgsql, to which it passes an array.
            var among = hub.Provider == StorageProvider.PostgreSql ? "= ANY(@remaining)" : "IN @remaining";
            foreach (var (id, at) in await connection.QueryAsync<(string, long)>(
                $"SELECT envelope_id, delivered_at FROM deliveries WHERE state = 'Delivered' AND envelope_id {among}", new { remaining }))
            {
                delivered[id] = Epoch.FromMs(at);
            }

            return delivered.Count == wanted.Count;
        }, $"{wanted.Count} deliveries");
        return delivered;
    }

    private static async Task UntilAsync(Func<Task<bool>> done, string what)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Patience;
        while (!await done())
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what} after {Patience.TotalMinutes} minutes.");
            }

            await Task.Delay(200);
        }
    }
}
