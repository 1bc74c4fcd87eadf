using DocAxis.Cli.Local;
using DocAxis.Core.Deliveries;
using DocAxis.Hub;
using DocAxis.Integration.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DocAxis.Integration.Tests;

/// <summary>The hub's delivery retries draw their jitter from the injected source, so a schedule can be fixed.</summary>
[TestClass]
public sealed class RetryJitterTests
{
    [TestMethod]
    public async Task AFailedPushIsRescheduledByTheInjectedJitter()
    {
        await using var axis = TestAxis.Create("jitter");
        axis.Axis.HubOverrides["Hub:Delivery:InitialDelay"] = "00:00:30";
        axis.Axis.HubOverrides["Hub:Delivery:MaxDelay"] = "00:01:00";
        axis.Axis.HubOverrides["Hub:Delivery:JitterFraction"] = "0.2";
        await using var hub = HubApplication.Build(
            [], configuration => configuration.AddInMemoryCollection(axis.Axis.HubSettings()), services => services.AddSingleton<IJitterSource>(new LowestJitter()));
        await hub.StartAsync();
        await axis.Axis.RegisterAgenciesAsync();
        await axis.Axis.StartNodeAsync(TestAxis.Sender.Code);

        // The recipient's node never starts: the first push fails and is rescheduled.
        var content = TestLetters.Content(1_000, 71);
        var sent = await new Cli.Letters.DmsClient(axis.Axis.Dms(TestAxis.Sender.Code)).SendAsync(
            TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First], "a.pdf"), [TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "out"), "a.pdf", content)]);
        var database = new HubInspector(axis.Axis.HubDataDirectory);
        await Eventually.WaitAsync(
            () => Task.FromResult(database.Scalar($"SELECT COUNT(*) FROM delivery_events WHERE envelope_id = '{sent.EnvelopeId}' AND kind = 'AttemptFailed'")),
            n => n == 1, "the first push fails");

        var wait = database.Scalar($"""
            SELECT d.next_attempt_at - e.at FROM deliveries d JOIN delivery_events e ON e.envelope_id = d.envelope_id AND e.recipient_code = d.recipient_code
            WHERE d.envelope_id = '{sent.EnvelopeId}' AND e.kind = 'AttemptFailed'
            """);
        Assert.AreEqual(24_000L, wait, "30 s less the whole 20% jitter: the injected source's lowest sample, not a random one");
        await hub.StopAsync();
    }

    private sealed class LowestJitter : IJitterSource
    {
        public double Next() => 0.0;
    }
}
