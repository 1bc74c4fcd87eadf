using System.Collections.Concurrent;
using DocAxis.Cli.Letters;
using DocAxis.Core.Letters;
using DocAxis.Integration.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Crash safety, proven by killing processes: while a DMS keeps sending, hub instances, the sender's
/// node and a recipient's node are killed with SIGKILL at random moments and restarted. Afterwards
/// every letter the sender's node queued was accepted and is in every recipient's inbox exactly
/// once, nothing was delivered without a receipt, and every trace is consistent.
/// </summary>
[TestClass]
public sealed class CrashTests
{
    private static readonly TimeSpan Chaos = TimeSpan.FromSeconds(40);

    private readonly ConcurrentDictionary<string, bool> _letters = new();

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task KilledHubsAndNodesLoseNothingAndDeliverEveryAcceptedLetterOnce()
    {
        await using var cluster = await HubCluster.StartAsync("crash", 3, [TestAxis.Sender, TestAxis.First, TestAxis.Second], new Dictionary<string, string?>
        {
            ["Hub:Delivery:InitialDelay"] = "00:00:00.500",
            ["Hub:Delivery:MaxDelay"] = "00:00:02",
            ["Hub:Delivery:PollInterval"] = "00:00:00.300",
            ["Hub:Delivery:LeaseDuration"] = "00:00:06",
        });
        cluster.Axis.NodeOverrides["Node:Outbox:InitialDelay"] = "00:00:00.300";
        cluster.Axis.NodeOverrides["Node:Outbox:MaxDelay"] = "00:00:01";
        cluster.Axis.NodeOverrides["Node:Outbox:PollInterval"] = "00:00:00.300";
        var sender = cluster.StartNode(TestAxis.Sender);
        var first = cluster.StartNode(TestAxis.First);
        cluster.StartNode(TestAxis.Second);
        var attachment = TestLetters.WriteFile(Path.Combine(cluster.Axis.Root, "outgoing"), "van-ban.pdf", TestLetters.Content(40_000, 1));
        using var dmsChannel = GrpcChannel.ForAddress(cluster.Axis.DmsEndpoint(TestAxis.Sender.Code));
        var dms = new DmsClient(DmsClient.WithToken(dmsChannel, cluster.Axis.DmsToken(TestAxis.Sender.Code)));
        using var stop = new CancellationTokenSource();
        var kills = new ConcurrentDictionary<string, int>();

        var load = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await HandOverAsync(dms, EnvelopeId.New().ToString(), attachment);
            }
        });
        var chaos = Task.Run(async () =>
        {
            var random = new Random(7);
            var until = TimeProvider.System.GetUtcNow() + Chaos;
            while (TimeProvider.System.GetUtcNow() < until)
            {
                await Task.Delay(random.Next(800, 2500));
                var (victim, name) = random.Next(5) switch
                {
                    < 3 => (cluster.Hubs[random.Next(cluster.Hubs.Count)], "hub"),
                    3 => (first, "recipient node"),
                    _ => (sender, "sender node"),
                };
                victim.Kill();
                kills.AddOrUpdate(name, 1, (_, n) => n + 1);
                await Task.Delay(random.Next(300, 1500));
                victim.Restart();
            }
        });

        await chaos;
        await stop.CancelAsync();
        await load;
        foreach (var hub in cluster.Hubs)
        {
            await cluster.WaitServingAsync(cluster.PortOf(hub));
        }

        // Letters whose hand-over failed in a crash are handed over again, under the same envelope id.
        foreach (var id in _letters.Where(l => !l.Value).Select(l => l.Key).ToList())
        {
            while (!await HandOverAsync(dms, id, attachment))
            {
                await Task.Delay(500);
            }
        }

        var letters = _letters.Keys.ToList();
        await Eventually.WaitAsync(
            () => cluster.QueryAsync<long>("SELECT COUNT(*) FROM deliveries WHERE state = 'Delivered'"),
            n => n == letters.Count * 2, $"all {letters.Count} letters reach both recipients", TimeSpan.FromMinutes(5));

        var accepted = await cluster.ListAsync<string>("SELECT id FROM envelopes");
        CollectionAssert.AreEquivalent(letters, accepted, "the hub accepted exactly the letters the DMS handed over");
        foreach (var recipient in new[] { TestAxis.First, TestAxis.Second })
        {
            var inbox = new HubInspector(cluster.Axis.NodeDataDirectory(recipient.Code), "node.db");
            var stored = inbox.Ids("inbox", "envelope_id", "agency_code", recipient.Code.Value);
            CollectionAssert.AreEquivalent(letters, stored, $"{recipient.Code} holds every accepted letter exactly once, and nothing else");
        }

        // The hub may have delivered a letter whose acceptance the killed sender never heard; the
        // sender learns it when its outbox asks again, after its back-off.
        var outbox = new HubInspector(cluster.Axis.NodeDataDirectory(TestAxis.Sender.Code), "node.db");
        await Eventually.WaitAsync(
            () => Task.FromResult(outbox.Text("""
                SELECT COALESCE(group_concat(envelope_id || ' ' || state || ' after ' || attempts || ' attempts: ' || COALESCE(last_error, ''), '; '), '')
                FROM outbox WHERE state <> 'Accepted'
                """)),
            pending => pending.Length == 0, "the sender's outbox has heard every letter accepted", TimeSpan.FromMinutes(1));
        Assert.AreEqual((long)letters.Count, outbox.Scalar("SELECT COUNT(*) FROM outbox WHERE state = 'Accepted'"), "the sender's outbox resumed every letter");
        Assert.AreEqual(0L, await cluster.QueryAsync<long>("""
            SELECT COUNT(*) FROM deliveries d
            WHERE (SELECT COUNT(*) FROM delivery_events e WHERE e.envelope_id = d.envelope_id AND e.recipient_code = d.recipient_code AND e.kind = 'Accepted') <> 1
               OR (SELECT COUNT(*) FROM delivery_events e WHERE e.envelope_id = d.envelope_id AND e.recipient_code = d.recipient_code AND e.kind = 'Delivered') <> 1
               OR EXISTS (SELECT 1 FROM delivery_events e WHERE e.envelope_id = d.envelope_id AND e.recipient_code = d.recipient_code AND e.kind = 'AttemptFailed' AND e.at > d.delivered_at)
               OR d.delivered_at IS NULL OR d.receipt IS NULL
            """), "every trace reads accepted, failed attempts, then one delivery with its receipt");

        var suppressed = CountInLogs(cluster.Axis.Root, "RedeliveryAnswered") + CountInLogs(cluster.Axis.Root, "ResubmissionAnswered");
        TestContext.WriteLine(
            $"handed over {letters.Count}, accepted {accepted.Count}, delivered {letters.Count * 2} (2 recipients), " +
            $"duplicates suppressed {suppressed}, kills: {string.Join(", ", kills.Select(k => $"{k.Value} {k.Key}"))}");
        Assert.IsGreaterThanOrEqualTo(8, kills.Values.Sum(), "the chaos killed processes");
        Assert.IsGreaterThan(20, letters.Count, "letters kept flowing");
    }

    /// <summary>Hands one letter to the sender's node; false (to be retried with the same id) if the node is down.</summary>
    private async Task<bool> HandOverAsync(DmsClient dms, string envelopeId, string attachment)
    {
        var draft = TestLetters.Draft([TestAxis.First, TestAxis.Second], "van-ban.pdf");
        draft.EnvelopeId = envelopeId;
        try
        {
            await dms.SendAsync(TestAxis.Sender.Code.Value, draft, [attachment]);
            _letters[envelopeId] = true;
            return true;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Cancelled or StatusCode.Unknown)
        {
            _letters.TryAdd(envelopeId, false);
            await Task.Delay(200);
            return false;
        }
    }

    private static int CountInLogs(string root, string eventName) =>
        Directory.EnumerateFiles(root, "*.log", SearchOption.AllDirectories).Sum(f => File.ReadLines(f).Count(l => l.Contains($"\"Name\":\"{eventName}\"", StringComparison.Ordinal)));
}
