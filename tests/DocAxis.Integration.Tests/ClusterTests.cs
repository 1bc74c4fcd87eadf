using System.Text.RegularExpressions;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Tls;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Three hub processes share one PostgreSQL database behind a TCP load balancer: any of them
/// accepts, Quartz runs clustered, and due deliveries are leased so each attempt is made by one.
/// </summary>
[TestClass]
public sealed partial class ClusterTests
{
    private const int Letters = 1000;
    private const int Senders = 6;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task ThreeHubInstancesDeliverAThousandLettersToALateRecipientExactlyOnce()
    {
        await using var cluster = await HubCluster.StartAsync("cluster", 3, [TestAxis.Sender, TestAxis.First], new Dictionary<string, string?>
        {
            ["Hub:Delivery:InitialDelay"] = "00:00:01",
            ["Hub:Delivery:MaxDelay"] = "00:00:04",
            ["Hub:Delivery:PollInterval"] = "00:00:00.300",
            ["Hub:Delivery:BatchSize"] = "100",
        });
        var signing = Crypto.Signing.SigningCredential.Load(cluster.Axis.Pki.AgencySigning(TestAxis.Sender.Code));
        var letters = Enumerable.Range(0, Letters).Select(i =>
        {
            var contents = new[] { TestLetters.Content(2_000, i) };
            var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], contents);
            return (manifest.EnvelopeId, Signed: TestLetters.Sign(manifest, signing), contents);
        }).ToList();

        // Each sender has its own connection, so the balancer spreads them over the instances.
        await Parallel.ForEachAsync(letters.Chunk(Letters / Senders + 1), async (batch, _) =>
        {
            using var channel = SenderChannel(cluster, cluster.Axis.HubEndpoint);
            foreach (var (id, signed, contents) in batch)
            {
                await TestLetters.SubmitAsync(channel, id, signed, contents);
            }
        });
        Assert.AreEqual((long)Letters, await cluster.QueryAsync<long>("SELECT COUNT(*) FROM envelopes"));
        await Eventually.WaitAsync(
            () => cluster.QueryAsync<long>("SELECT COUNT(*) FROM deliveries WHERE attempts >= 1"), n => n == Letters, "every letter was attempted while the recipient is offline", TimeSpan.FromMinutes(2));

        await cluster.Axis.StartNodeAsync(TestAxis.First.Code);
        await Eventually.WaitAsync(
            () => cluster.QueryAsync<long>("SELECT COUNT(*) FROM deliveries WHERE state = 'Delivered'"), n => n == Letters, "every letter is delivered", TimeSpan.FromMinutes(4));

        var inbox = new HubInspector(cluster.Axis.NodeDataDirectory(TestAxis.First.Code), "node.db");
        Assert.AreEqual((long)Letters, inbox.Count("inbox", "agency_code", TestAxis.First.Code.Value), "the recipient's inbox holds every letter");
        Assert.AreEqual((long)Letters, await cluster.QueryAsync<long>("SELECT COUNT(*) FROM delivery_events WHERE kind = 'Delivered'"), "each delivered once");
        Assert.AreEqual(0L, await cluster.QueryAsync<long>("SELECT COUNT(*) FROM deliveries WHERE state <> 'Delivered'"), "none lost or failed");

        var byInstance = (await cluster.ListAsync<string>("SELECT detail FROM audit_events WHERE action = 'Deliver'"))
            .Select(d => Instance().Match(d).Groups["pid"].Value).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        var delivered = (await cluster.ListAsync<string>("SELECT detail FROM audit_events WHERE action = 'Deliver' AND outcome = 'delivered'"))
            .Select(d => Instance().Match(d).Groups["pid"].Value).GroupBy(p => p).ToDictionary(g => g.Key, g => g.Count());
        TestContext.WriteLine($"attempts by instance (pid): {string.Join(", ", byInstance.Select(i => $"{i.Key}: {i.Value}"))}");
        TestContext.WriteLine($"deliveries by instance (pid): {string.Join(", ", delivered.Select(i => $"{i.Key}: {i.Value}"))}");
        Assert.HasCount(3, byInstance, "every instance made delivery attempts");
        Assert.AreEqual(Letters, delivered.Values.Sum());

        // Any instance answers a trace, whichever accepted or delivered the letter.
        foreach (var hub in cluster.Hubs)
        {
            using var direct = SenderChannel(cluster, new Uri($"https://127.0.0.1:{cluster.PortOf(hub)}"));
            var trace = await new Contracts.V1.TraceService.TraceServiceClient(direct).GetTraceAsync(new Contracts.V1.GetTraceRequest { EnvelopeId = letters[^1].EnvelopeId });
            Assert.AreEqual(Contracts.V1.DeliveryState.Delivered, trace.Recipients.Single().State);
        }
    }

    private static Grpc.Net.Client.GrpcChannel SenderChannel(HubCluster cluster, Uri endpoint) =>
        PeerChannels.Create(endpoint, TlsCertificates.Load(new CertificateOptions
        {
            CertificatePath = cluster.Axis.Pki.AgencyTls(TestAxis.Sender.Code).CertificatePath,
            KeyPath = cluster.Axis.Pki.AgencyTls(TestAxis.Sender.Code).KeyPath,
        }), new PeerAuthenticator(new Crypto.Trust.CertificateValidator(Crypto.Trust.TrustStore.Load([cluster.Axis.Pki.TrustAnchorPath], [])), TimeProvider.System));

    [GeneratedRegex(@"by [^:]+:(?<pid>\d+):")]
    private static partial Regex Instance();
}
