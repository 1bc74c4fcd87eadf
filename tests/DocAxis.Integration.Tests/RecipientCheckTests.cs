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
}
