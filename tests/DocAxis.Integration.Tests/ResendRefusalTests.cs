using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Core.Letters;
using DocAxis.Integration.Tests.Infrastructure;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Who may not re-queue what: each refusal has its exact status and reason, is in the exchange log,
/// and re-queues nothing, not even the recipients of the same call that could have been.
/// </summary>
[TestClass]
public sealed class ResendRefusalTests
{
    private const string Reason = "Gửi lại";

    [TestMethod]
    public async Task ResendRefusalsNameTheirReasonAndRequeueNothing()
    {
        await using var axis = FailedLetters.Axis("resend-refused");
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var id = await FailedLetters.SendAsync(axis, 821);
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var other = new DmsClient(axis.Axis.Dms(TestAxis.First.Code));
        var operatorHub = new ResendService.ResendServiceClient(axis.Axis.Clients.Operator());
        var otherHub = new ResendService.ResendServiceClient(axis.Axis.Clients.Agency(TestAxis.First.Code));
        string first = TestAxis.First.Code.Value, second = TestAxis.Second.Code.Value;

        var denied = await Refusals.AssertRefusedAsync(() => other.ResendAsync(first, id, [], Reason), StatusCode.PermissionDenied, RefusalReason.AccessDenied);
        StringAssert.Contains(denied.Message, first, "the hub's sentence comes through the node");
        await Refusals.AssertRefusedAsync(
            () => otherHub.RequeueAsync(new RequeueRequest { EnvelopeId = id, Reason = Reason }).ResponseAsync, StatusCode.PermissionDenied, RefusalReason.AccessDenied);
        var notFailed = await Refusals.AssertRefusedAsync(
            () => sender.ResendAsync(TestAxis.Sender.Code.Value, id, [second, first], Reason), StatusCode.FailedPrecondition, RefusalReason.DeliveryNotFailed);
        StringAssert.Contains(notFailed.Message, first);
        await Refusals.AssertRefusedAsync(
            () => sender.ResendAsync(TestAxis.Sender.Code.Value, EnvelopeId.New().ToString(), [], Reason), StatusCode.NotFound, RefusalReason.EnvelopeUnknown);
        var stranger = await Refusals.AssertRefusedAsync(
            () => operatorHub.RequeueAsync(new RequeueRequest { EnvelopeId = id, RecipientCodes = { second, TestAxis.Sender.Code.Value }, Reason = Reason }).ResponseAsync,
            StatusCode.InvalidArgument, RefusalReason.FieldInvalid);
        Assert.AreEqual("recipient_codes", stranger.Details["field"]);
        var unexplained = await Refusals.AssertRefusedAsync(
            () => operatorHub.RequeueAsync(new RequeueRequest { EnvelopeId = id, Reason = " " }).ResponseAsync, StatusCode.InvalidArgument, RefusalReason.FieldInvalid);
        Assert.AreEqual("reason", unexplained.Details["field"]);
        var (exit, cli) = await CommandLine.RunAsync(
            "resend", "--node", axis.Axis.DmsEndpoint(TestAxis.First.Code).ToString(), "--agency", first, "--token", axis.Axis.DmsToken(TestAxis.First.Code),
            "--envelope", id, "--reason", Reason);
        Assert.AreEqual(3, exit);
        Assert.AreEqual("ACCESS_DENIED", cli.GetProperty("error").GetProperty("reason").GetString());

        var trace = await sender.TraceAsync(TestAxis.Sender.Code.Value, id);
        Assert.AreEqual(DeliveryState.Failed, Traces.Of(trace, TestAxis.Second)!.State, "nothing was re-queued");
        Assert.AreEqual(0L, axis.HubDatabase.Scalar("SELECT COUNT(*) FROM delivery_events WHERE kind = 'Requeued'"));
        var logged = await Eventually.WaitAsync(
            () => Task.FromResult(axis.HubDatabase.AuditEntries(id).Where(e => e.StartsWith("Requeue ", StringComparison.Ordinal)).ToList()),
            e => e.Count >= 6, "every refusal about the letter reaches the exchange log");
        CollectionAssert.AreEquivalent(
            new[] { "ACCESS_DENIED", "ACCESS_DENIED", "ACCESS_DENIED", "DELIVERY_NOT_FAILED", "FIELD_INVALID", "FIELD_INVALID" }.Select(r => $"Requeue refused {r}").ToArray(),
            logged);
    }

    [TestMethod]
    public async Task ALetterWithNoFailedDeliveryHasNothingToResend()
    {
        await using var axis = TestAxis.Create("resend-none");
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var sent = await sender.SendAsync(TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First]), []);
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First), "delivered");

        var refusal = await Refusals.AssertRefusedAsync(
            () => sender.ResendAsync(TestAxis.Sender.Code.Value, sent.EnvelopeId, [], Reason), StatusCode.FailedPrecondition, RefusalReason.DeliveryNotFailed);

        StringAssert.Contains(refusal.Message, "nothing to re-queue");
        Assert.AreEqual(0L, axis.HubDatabase.Scalar("SELECT COUNT(*) FROM delivery_events WHERE kind = 'Requeued'"));
    }
}
