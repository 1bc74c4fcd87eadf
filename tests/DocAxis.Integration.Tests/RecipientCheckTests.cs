using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// A DMS sending to an agency the hub's directory does not know, or has disabled, is told so when
/// it sends (from the node's copy of the directory), with nothing queued; with the hub out of reach
/// and no copy yet, the letter is queued as before and the hub decides.
/// </summary>
[TestClass]
public sealed class RecipientCheckTests
{
    [TestMethod]
    public async Task AnUnknownOrDisabledRecipientIsRefusedWhenTheLetterIsSentAndNothingIsQueued()
    {
        await using var axis = TestAxis.Create("recipient-check");
        await axis.StartAsync(TestAxis.Sender);
        await new DirectoryService.DirectoryServiceClient(axis.Axis.Clients.Operator())
            .DisableAgencyAsync(new AgencyCodeRequest { Code = TestAxis.Second.Code.Value });
        var node = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var outbox = new HubInspector(axis.Axis.NodeDataDirectory(TestAxis.Sender.Code), "node.db");
        var file = TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "cong-van.pdf", TestLetters.Content(2_000, 7));

        var unknown = TestLetters.Draft([TestAxis.First], "cong-van.pdf");
        unknown.Recipients.Add(new AgencyRef { Code = "000.00.77.H77" });
        var refusal = await Refusals.AssertRefusedAsync(() => node.SendAsync(TestAxis.Sender.Code.Value, unknown, [file]), StatusCode.NotFound, RefusalReason.RecipientUnknown);
        Assert.AreEqual("draft.manifest.recipients[1].code", refusal.Details["field"]);
        StringAssert.Contains(refusal.Message, "000.00.77.H77 is not in the directory");

        var disabled = TestLetters.Draft([TestAxis.Second], "cong-van.pdf");
        refusal = await Refusals.AssertRefusedAsync(() => node.SendAsync(TestAxis.Sender.Code.Value, disabled, [file]), StatusCode.FailedPrecondition, RefusalReason.AgencyDisabled);
        Assert.AreEqual("draft.manifest.recipients[0].code", refusal.Details["field"]);
        Assert.AreEqual(0L, outbox.Scalar("SELECT COUNT(*) FROM outbox"), "nothing was queued");
        var content = Path.Combine(axis.Axis.NodeDataDirectory(TestAxis.Sender.Code), "content");
        Assert.IsFalse(Directory.Exists(content) && Directory.EnumerateFiles(content, "*", SearchOption.AllDirectories).Any(), "nothing was staged");

        var known = await node.SendAsync(TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First], "cong-van.pdf"), [file]);
        Assert.AreEqual(SubmissionState.Queued, known.State, "a letter to a known agency is queued as ever");
    }

    [TestMethod]
    public async Task WithTheHubOutOfReachAndNoCopyYetTheLetterIsQueuedAndTheHubDecidesLater()
    {
        await using var axis = TestAxis.Create("recipient-check-offline");
        await axis.StartAsync(TestAxis.Sender);
        await axis.Axis.StopHubAsync();
        var node = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var file = TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "cong-van.pdf", TestLetters.Content(2_000, 8));

        var sent = await node.SendAsync(TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First], "cong-van.pdf"), [file]);
        Assert.AreEqual(SubmissionState.Queued, sent.State, "accepted means durable: the node keeps it for the hub");
    }

    [TestMethod]
    public async Task ARecipientWithoutANodeIsRefusedByTheNodeAndTheHubAndNothingIsStored()
    {
        await using var axis = TestAxis.Create("recipient-unroutable", TestAxis.Sender, TestAxis.First);
        await axis.StartAsync(TestAxis.Sender);
        await SetNodeAsync(axis, TestAxis.First, endpoint: "");
        var node = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var file = TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "cong-van.pdf", TestLetters.Content(2_000, 9));

        var refusal = await Refusals.AssertRefusedAsync(
            () => node.SendAsync(TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First], "cong-van.pdf"), [file]), StatusCode.FailedPrecondition, RefusalReason.RecipientUnroutable);
        Assert.AreEqual("draft.manifest.recipients[0].code", refusal.Details["field"]);
        Assert.AreEqual(0L, new HubInspector(axis.Axis.NodeDataDirectory(TestAxis.Sender.Code), "node.db").Scalar("SELECT COUNT(*) FROM outbox"));

        // A DMS of another make, or a node with an older copy of the directory, meets the hub's refusal.
        var contents = new[] { TestLetters.Content(1_000, 10) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], contents);
        refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(axis.Axis.Clients.Agency(TestAxis.Sender.Code), manifest.EnvelopeId,
                TestLetters.Sign(manifest, axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code)), contents),
            StatusCode.FailedPrecondition, RefusalReason.RecipientUnroutable);
        Assert.AreEqual("manifest.recipients[0].code", refusal.Details["field"]);
        axis.HubDatabase.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ADeliveryWhoseRecipientLosesItsNodeFailsAtOnceWithTheReasonAndIsNotLost()
    {
        await using var axis = TestAxis.Create("recipient-unroutable-later", TestAxis.Sender, TestAxis.First);
        await axis.StartAsync(TestAxis.Sender);
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var file = TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "cong-van.pdf", TestLetters.Content(2_000, 11));
        var sent = await sender.SendAsync(TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First], "cong-van.pdf"), [file]);
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.FailedAttempts(t, TestAxis.First) >= 1, "the offline recipient's node is being retried");

        await SetNodeAsync(axis, TestAxis.First, endpoint: "");
        var failed = await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.Of(t, TestAxis.First)?.State == DeliveryState.Failed, "the delivery fails as soon as it is tried again");
        StringAssert.StartsWith(Traces.Of(failed, TestAxis.First)!.LastError, "RECIPIENT_UNROUTABLE");

        // Given its node back and re-queued, the letter arrives: it was kept, not dropped.
        await SetNodeAsync(axis, TestAxis.First, endpoint: axis.Axis.NodeEndpoint(TestAxis.First.Code).ToString());
        await axis.Axis.StartNodeAsync(TestAxis.First.Code);
        await new ResendService.ResendServiceClient(axis.Axis.Clients.Operator())
            .RequeueAsync(new RequeueRequest { EnvelopeId = sent.EnvelopeId, Reason = "Đã khai báo nút của tỉnh" });
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First), "delivered once it can be routed");
    }

    private static async Task SetNodeAsync(TestAxis axis, Cli.Local.LocalAgency agency, string endpoint) =>
        await new DirectoryService.DirectoryServiceClient(axis.Axis.Clients.Operator()).PutAgencyAsync(new PutAgencyRequest
        {
            Agency = new Agency { Code = agency.Code.Value, Name = agency.Name, Level = (GovernmentLevel)(int)agency.Level, NodeEndpoint = endpoint, Enabled = true },
        });
}
