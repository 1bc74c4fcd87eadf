using System.Collections.Concurrent;
using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Core.Letters;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Testing;
using Grpc.Core;
using static DocAxis.Integration.Tests.Infrastructure.TestFederation;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Exactly once across hops, proven by killing processes: the national hub and two provincial hubs
/// run as processes of their own with their nodes, letters cross in both directions (a commune to
/// another province's department, the department to the commune and a ministry), and hubs are
/// SIGKILLed at random and restarted. Afterwards every letter handed over is in each recipient's
/// inbox exactly once, and every trace reads one forward per hub on the path, one delivery with
/// the recipient's receipt.
/// </summary>
[TestClass]
public sealed class FederationCrashTests
{
    private static readonly TimeSpan Chaos = TimeSpan.FromSeconds(35);

    private readonly ConcurrentDictionary<string, (LocalAgency Sender, LocalAgency[] Recipients, bool HandedOver)> _letters = new();

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(900_000, CooperativeCancellation = true)]
    public async Task HubsKilledWhileLettersCrossTheFederationLoseNothingAndDeliverEachLetterOnce()
    {
        await using var federation = TestFederation.Create("federation-crash");
        federation.Federation.ConfigureHubs(hub =>
        {
            hub["Hub:Delivery:InitialDelay"] = "00:00:00.500";
            hub["Hub:Delivery:MaxDelay"] = "00:00:02";
            hub["Hub:Delivery:LeaseDuration"] = "00:00:06";
            hub["Hub:Federation:PollInterval"] = "00:00:00.300";
        });
        var hubs = federation.Federation.Hubs.ToDictionary(h => h.HubIdentity, h => Start("hub", JsonSettings.Write(Path.Combine(h.Root, "hub.json"), h.HubSettings())));
        await using var processes = new Processes(hubs.Values);
        foreach (var hub in federation.Federation.Hubs)
        {
            await WaitServingAsync(hub);
        }

        await federation.Federation.RegisterAsync();
        foreach (var hub in federation.Federation.Hubs)
        {
            foreach (var agency in hub.Agencies.Where(a => a.HostedBy is null))
            {
                processes.Add(Start("node", JsonSettings.Write(Path.Combine(hub.Root, $"node-{agency.Code}.json"), hub.NodeSettings(agency.Code))));
            }
        }

        var attachment = TestLetters.WriteFile(Path.Combine(federation.Root, "outgoing"), "van-ban.pdf", TestLetters.Content(30_000, 3));
        var commune = new DmsClient(federation.NgheAnAxis.Dms(Commune.Code));
        var department = new DmsClient(federation.SecondAxis.Dms(Department.Code));
        using var stop = new CancellationTokenSource();
        var kills = new ConcurrentDictionary<string, int>();
        var load = Task.WhenAll(
            LoadAsync(commune, Commune, [Department], attachment, stop.Token),
            LoadAsync(department, Department, [Commune, Ministry], attachment, stop.Token));
        var random = new Random(19);
        var until = TimeProvider.System.GetUtcNow() + Chaos;
        while (TimeProvider.System.GetUtcNow() < until)
        {
            await Task.Delay(random.Next(1000, 3000));
            var victim = hubs.ElementAt(random.Next(hubs.Count));
            victim.Value.Kill();
            kills.AddOrUpdate(victim.Key, 1, (_, n) => n + 1);
            await Task.Delay(random.Next(300, 2000));
            victim.Value.Restart();
        }

        await stop.CancelAsync();
        await load;
        foreach (var id in _letters.Where(l => !l.Value.HandedOver).Select(l => l.Key).ToList())
        {
            var (sender, recipients, _) = _letters[id];
            var client = sender == Commune ? commune : department;
            while (!await HandOverAsync(client, sender, recipients, id, attachment))
            {
                await Task.Delay(500);
            }
        }

        // Every letter reaches every recipient, once, and its trace at the sender says so with each hop's acceptance.
        foreach (var (id, (sender, recipients, _)) in _letters)
        {
            var client = sender == Commune ? commune : department;
            var trace = await Eventually.WaitAsync(
                () => client.TraceAsync(sender.Code.Value, id),
                t => recipients.All(r => Traces.IsDelivered(t, r)), $"letter {id} from {sender.Code} reaches all its recipients", TimeSpan.FromMinutes(3));
            foreach (var recipient in recipients)
            {
                var timeline = Traces.Of(trace, recipient)!.Timeline;
                string[] path = recipient == Ministry ? [NationalHub] : [NationalHub, recipient == Commune ? NgheAnHub : SecondHub];
                CollectionAssert.AreEqual(path, timeline.Where(e => e.Kind == TraceEventKind.Forwarded && e.HopAcceptance is not null).Select(e => e.Detail).ToArray(),
                    $"{id} to {recipient.Code}: one signed forward per hub on the path, in order");
                Assert.AreEqual(1, timeline.Count(e => e.Kind == TraceEventKind.Delivered), $"{id} to {recipient.Code}: delivered once");
                Assert.IsNotNull(Traces.Of(trace, recipient)!.Receipt, $"{id} to {recipient.Code}: with the recipient's receipt");
            }
        }

        foreach (var recipient in new[] { Department, Commune, Ministry })
        {
            var axis = federation.Federation.Hubs.Single(h => h.Agencies.Contains(recipient));
            var inbox = new HubInspector(axis.NodeDataDirectory(recipient.Node), "node.db").Ids("inbox", "envelope_id", "agency_code", recipient.Code.Value);
            var expected = _letters.Where(l => l.Value.Recipients.Contains(recipient)).Select(l => l.Key).ToList();
            CollectionAssert.AreEquivalent(expected, inbox, $"{recipient.Code} holds every letter sent to it exactly once, and nothing else");
        }

        TestContext.WriteLine(
            $"handed over {_letters.Count} letters ({_letters.Values.Sum(l => l.Recipients.Length)} deliveries, each across 2 or 3 hubs), " +
            $"kills: {string.Join(", ", kills.Select(k => $"{k.Value} {k.Key}"))}");
        Assert.IsGreaterThanOrEqualTo(8, kills.Values.Sum(), "the chaos killed hubs");
        Assert.IsGreaterThan(10, _letters.Count, "letters kept flowing");
    }

    private async Task LoadAsync(DmsClient client, LocalAgency sender, LocalAgency[] recipients, string attachment, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await HandOverAsync(client, sender, recipients, EnvelopeId.New().ToString(), attachment);
            await Task.Delay(300, CancellationToken.None);
        }
    }

    /// <summary>Hands one letter to the sender's node; false (to be retried with the same id) if the call failed.</summary>
    private async Task<bool> HandOverAsync(DmsClient client, LocalAgency sender, LocalAgency[] recipients, string envelopeId, string attachment)
    {
        var draft = TestLetters.Draft(recipients, "van-ban.pdf");
        draft.EnvelopeId = envelopeId;
        try
        {
            await client.SendAsync(sender.Code.Value, draft, [attachment]);
            _letters[envelopeId] = (sender, recipients, true);
            return true;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Cancelled or StatusCode.Unknown)
        {
            _letters.TryAdd(envelopeId, (sender, recipients, false));
            await Task.Delay(200);
            return false;
        }
    }

    private static HostProcess Start(string kind, string config) =>
        HostProcess.Start(kind, config, Path.ChangeExtension(config, ".out"));

    private static Task WaitServingAsync(LoopbackAxis hub) =>
        Eventually.WaitAsync(
            async () =>
            {
                try
                {
                    await new DirectoryService.DirectoryServiceClient(hub.Clients.Operator()).ListPeerHubsAsync(
                        new ListPeerHubsRequest(), deadline: TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(2));
                    return true;
                }
                catch (RpcException)
                {
                    return false;
                }
            },
            serving => serving, $"hub {hub.HubIdentity} answers", TimeSpan.FromSeconds(90));

    /// <summary>The processes a test started, stopped at its end.</summary>
    private sealed class Processes(IEnumerable<HostProcess> started) : IAsyncDisposable
    {
        private readonly List<HostProcess> _all = [.. started];

        public void Add(HostProcess process) => _all.Add(process);

        public async ValueTask DisposeAsync()
        {
            foreach (var process in Enumerable.Reverse(_all))
            {
                await process.DisposeAsync();
            }
        }
    }
}
