using System.Net.Sockets;
using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace DocAxis.Integration.Tests;

/// <summary>
/// The live feed a DMS follows instead of polling: each hosted agency's event record, streamed by
/// WatchEvents and listed by ListEvents. Tested through a TCP proxy between the DMS and its node,
/// as in an agency's network: the link is cut mid-stream, and the proxy closes idle connections.
/// </summary>
[TestClass]
public sealed class EventStreamTests
{
    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task AStreamCutMidwayResumesFromItsCursorAndSeesEveryEventOnceInOrder()
    {
        await using var axis = TestAxis.Create("events-resume");
        axis.Axis.NodeOverrides["Node:Events:Heartbeat"] = "00:00:00.500";
        var proxyPort = FreePorts.Next();
        await using var proxy = new TcpBalancer(proxyPort, [axis.Axis.DmsEndpoint(TestAxis.Sender.Code).Port]);
        await axis.StartAsync(TestAxis.Sender, TestAxis.First, TestAxis.Second);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{proxyPort}");
        var watcher = new DmsClient(DmsClient.WithToken(channel, axis.Axis.DmsToken(TestAxis.Sender.Code)));
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var first = new DmsClient(axis.Axis.Dms(TestAxis.First.Code));
        var code = TestAxis.Sender.Code.Value;

        // Before the cut: the first letter's events, as they happen.
        var seen = new List<LetterEvent>();
        var a = await SendAsync(axis, sender, 1);
        await using (var stream = watcher.WatchEventsAsync(code, 0).GetAsyncEnumerator())
        {
            while (seen.Count < 2)
            {
                Assert.IsTrue(await stream.MoveNextAsync(), "the stream stays open until cut");
                if (stream.Current.Event is { } e)
                {
                    seen.Add(e);
                }
            }

            proxy.CutAll();
            var cut = await Assert.ThrowsExactlyAsync<RpcException>(async () =>
            {
                while (await stream.MoveNextAsync())
                {
                    seen.AddRange(stream.Current.Event is { } e ? [e] : []);
                }
            });
            TestContext.WriteLine($"cut after {seen.Count} events: {cut.StatusCode}");
        }

        // While the DMS is away: a second letter, and statuses on the first.
        var b = await SendAsync(axis, sender, 2);
        await Traces.WaitAsync(first, TestAxis.First, a, t => Traces.IsDelivered(t, TestAxis.First), "the first letter reaches its first recipient");
        await first.ReportAsync(TestAxis.First.Code.Value, a, "01", "Đã nhận");
        await first.ReportAsync(TestAxis.First.Code.Value, a, "03", "Đã phân công");
        var record = await Eventually.WaitAsync(
            async () => await sender.ListEventsAsync(code).ToListAsync(),
            all => all.Count == 8, "the record holds both letters' acceptances and deliveries and the two statuses", TimeSpan.FromSeconds(60));

        // Resumed from the last event processed: the rest, then only heartbeats.
        await using (var stream = watcher.WatchEventsAsync(code, seen[^1].Sequence).GetAsyncEnumerator())
        {
            while (seen.Count < record.Count)
            {
                Assert.IsTrue(await stream.MoveNextAsync());
                seen.AddRange(stream.Current.Event is { } e ? [e] : []);
            }

            Assert.IsTrue(await stream.MoveNextAsync());
            Assert.AreEqual(record[^1].Sequence, stream.Current.Heartbeat?.LastSequence, "nothing follows the last event but a heartbeat");
        }

        CollectionAssert.AreEqual(record, seen, "every event exactly once, in the record's order");
        Assert.IsTrue(seen.Zip(seen.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "sequences increase");
        CollectionAssert.AreEquivalent(
            new[]
            {
                $"Accepted {a} ", $"Delivered {a} {TestAxis.First.Code}", $"Delivered {a} {TestAxis.Second.Code}",
                $"Status {a} {TestAxis.First.Code} 01", $"Status {a} {TestAxis.First.Code} 03",
                $"Accepted {b} ", $"Delivered {b} {TestAxis.First.Code}", $"Delivered {b} {TestAxis.Second.Code}",
            },
            seen.Select(e => $"{e.Kind} {e.EnvelopeId} {e.CounterpartCode}{(e.StatusCode.Length > 0 ? " " + e.StatusCode : "")}").ToList());
        Assert.IsTrue(seen.Where(e => e.Kind == LetterEventKind.Status).Select(e => e.StatusCode).SequenceEqual(["01", "03"]), "statuses in the order reported");

        var received = await first.ListEventsAsync(TestAxis.First.Code.Value).ToListAsync();
        CollectionAssert.AreEqual(
            new[] { $"Received {a} {code}", $"Received {b} {code}" },
            received.Select(e => $"{e.Kind} {e.EnvelopeId} {e.CounterpartCode}").ToList(), "the recipient's record: each letter that arrived, from whom");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AnIdleStreamOutlivesAProxysIdleTimeoutAndCarriesTheNextLetter()
    {
        var idle = TimeSpan.FromSeconds(1.5);
        await using var axis = TestAxis.Create("events-idle");
        axis.Axis.NodeOverrides["Node:Events:Heartbeat"] = "00:00:00.500";
        var proxyPort = FreePorts.Next();
        await using var proxy = new TcpBalancer(proxyPort, [axis.Axis.DmsEndpoint(TestAxis.First.Code).Port], idleTimeout: idle);
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{proxyPort}");
        var watcher = new DmsClient(DmsClient.WithToken(channel, axis.Axis.DmsToken(TestAxis.First.Code)));

        // The proxy does close what is idle: a connection that says nothing is cut.
        using (var silent = new TcpClient())
        {
            await silent.ConnectAsync("127.0.0.1", proxyPort);
            var read = silent.GetStream().ReadAsync(new byte[1]).AsTask();
            Assert.AreSame(read, await Task.WhenAny(read, Task.Delay(idle * 4)), "the proxy closed the silent connection");
            Assert.AreEqual(0, await read);
        }

        Assert.AreEqual(1, proxy.IdleCuts);
        await using var stream = watcher.WatchEventsAsync(TestAxis.First.Code.Value, 0).GetAsyncEnumerator();
        var quiet = System.Diagnostics.Stopwatch.StartNew();
        var heartbeats = 0;
        while (quiet.Elapsed < idle * 3)
        {
            Assert.IsTrue(await stream.MoveNextAsync(), "the idle stream stays open");
            Assert.IsNotNull(stream.Current.Heartbeat, "an agency that received nothing has no events");
            heartbeats++;
        }

        var sent = await SendAsync(axis, new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code)), 3, TestAxis.First);
        LetterEvent? arrived = null;
        while (arrived is null)
        {
            Assert.IsTrue(await stream.MoveNextAsync());
            arrived = stream.Current.Event;
        }

        Assert.AreEqual(LetterEventKind.Received, arrived.Kind);
        Assert.AreEqual(sent, arrived.EnvelopeId);
        Assert.AreEqual(1, proxy.IdleCuts, $"the stream, kept up by {heartbeats} heartbeats, was never cut as idle");
        Assert.IsGreaterThanOrEqualTo(4, heartbeats);
    }

    public TestContext TestContext { get; set; } = null!;

    private static async Task<string> SendAsync(TestAxis axis, DmsClient sender, int seed, params LocalAgency[] recipients)
    {
        recipients = recipients.Length > 0 ? recipients : [TestAxis.First, TestAxis.Second];
        var file = TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing", $"{seed}"), "cong-van.pdf", TestLetters.Content(10_000, seed));
        var response = await sender.SendAsync(TestAxis.Sender.Code.Value, TestLetters.Draft(recipients, "cong-van.pdf"), [file]);
        return response.EnvelopeId;
    }
}
