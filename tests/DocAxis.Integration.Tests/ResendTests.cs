using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Testing;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Failed is not the end: an operator (with <c>docaxis requeue</c>) or the sender's DMS (through its
/// node) re-queues a failed delivery; the hub pushes it at once, the retry starts afresh from
/// attempt 1, and the re-queue is in the trace and the exchange log.
/// </summary>
[TestClass]
public sealed class ResendTests
{
    private const string Reason = "Nút nhận đã hoạt động lại";

    [TestMethod]
    public async Task AnOperatorRequeuesAFailedDeliveryWithTheCommandLineAndItIsDeliveredAfresh()
    {
        await using var axis = FailedLetters.Axis("requeue-cli");
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var id = await FailedLetters.SendAsync(axis, 811);
        string[] hub = ["--hub", axis.Axis.HubEndpoint.ToString(), "--pki", axis.Axis.Pki.Root];

        var (exit, requeued) = await CommandLine.RunAsync(["requeue", "--envelope", id, "--recipient", TestAxis.Second.Code.Value, "--reason", Reason, .. hub]);

        Assert.AreEqual(0, exit, requeued.ToString());
        Assert.AreEqual(TestAxis.Second.Code.Value, requeued.GetProperty("deliveries").EnumerateArray().Single().GetProperty("recipient_code").GetString());
        var trace = await DeliveredAfreshAsync(axis, id, "docaxis-operator");
        CollectionAssert.AreEqual(
            new[] { TraceEventKind.Accepted, TraceEventKind.Delivered }, Traces.Of(trace, TestAxis.First)!.Timeline.Select(e => e.Kind).ToArray(), "the delivered recipient is untouched");
        await AssertAuditedAsync(axis, id, "docaxis-operator");

        var (again, refusal) = await CommandLine.RunAsync(["requeue", "--envelope", id, "--reason", Reason, .. hub]);
        Assert.AreEqual(3, again);
        Assert.AreEqual("DELIVERY_NOT_FAILED", refusal.GetProperty("error").GetProperty("reason").GetString());
    }

    [TestMethod]
    public async Task TheSenderAsksThroughItsNodeAndEveryFailedDeliveryIsDeliveredAfresh()
    {
        await using var axis = FailedLetters.Axis("resend-dms");
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var id = await FailedLetters.SendAsync(axis, 812);
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));

        var resent = await sender.ResendAsync(TestAxis.Sender.Code.Value, id, [], Reason);

        Assert.AreEqual(id, resent.EnvelopeId);
        Assert.AreEqual(TestAxis.Second.Code.Value, resent.Deliveries.Single().RecipientCode, "every failed recipient, and only those");
        await DeliveredAfreshAsync(axis, id, TestAxis.Sender.Code.Value);
        await AssertAuditedAsync(axis, id, TestAxis.Sender.Code.Value);
        var node = new HubInspector(axis.Axis.NodeDataDirectory(TestAxis.Sender.Code), "node.db");
        CollectionAssert.Contains(node.AuditEntries(id), "ResendLetter requeued", "the sender's node logs the request too");
        Assert.HasCount(1, await new DmsClient(axis.Axis.Dms(TestAxis.Second.Code)).InboxAsync(TestAxis.Second.Code.Value));
    }

    [TestMethod]
    public async Task AnOperatorRequeuesOnAHubRunningOnPostgres()
    {
        var connection = await TestDatabases.NewPostgresAsync("requeue");
        await using var axis = FailedLetters.Axis("requeue-postgres");
        axis.Axis.HubOverrides["Hub:Storage:Provider"] = "PostgreSql";
        axis.Axis.HubOverrides["Hub:Storage:ConnectionString"] = connection;
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var id = await FailedLetters.SendAsync(axis, 813);

        var requeued = await new ResendService.ResendServiceClient(axis.Axis.Clients.Operator())
            .RequeueAsync(new RequeueRequest { EnvelopeId = id, Reason = Reason });

        Assert.AreEqual(TestAxis.Second.Code.Value, requeued.Deliveries.Single().RecipientCode);
        await DeliveredAfreshAsync(axis, id, "docaxis-operator");
    }

    /// <summary>Waits for the re-queued delivery to the second recipient and checks its timeline: failed, re-queued, delivered on attempt 1.</summary>
    private static async Task<TraceLetterResponse> DeliveredAfreshAsync(TestAxis axis, string id, string requester)
    {
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var trace = await Traces.WaitAsync(sender, id, t => Traces.IsDelivered(t, TestAxis.Second), "the re-queued delivery is made");
        var second = Traces.Of(trace, TestAxis.Second)!;
        CollectionAssert.AreEqual(
            new[] { TraceEventKind.Failed, TraceEventKind.Requeued, TraceEventKind.Delivered },
            second.Timeline.SkipWhile(e => e.Kind != TraceEventKind.Failed).Select(e => e.Kind).ToArray());
        var requeued = second.Timeline.Single(e => e.Kind == TraceEventKind.Requeued);
        StringAssert.Contains(requeued.Detail, requester);
        StringAssert.Contains(requeued.Detail, Reason);
        Assert.AreEqual(1u, second.Timeline[^1].Attempt, "the retry starts afresh");
        Assert.AreEqual(1u, second.Attempts);
        return trace;
    }

    private static async Task AssertAuditedAsync(TestAxis axis, string id, string actor)
    {
        var logged = await Eventually.WaitAsync(
            () => Task.FromResult(axis.HubDatabase.AuditEntries(id, actor)), e => e.Contains("Requeue requeued"), "the re-queue reaches the exchange log");
        Assert.AreEqual(1, logged.Count(e => e.StartsWith("Requeue", StringComparison.Ordinal)));
    }
}
