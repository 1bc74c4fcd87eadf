using System.Security.Cryptography;
using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Signing;
using DocAxis.Crypto.Trust;
using DocAxis.Integration.Tests.Infrastructure;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Whole exchanges: a DMS hands a letter to its node, the node signs and submits it, the hub
/// accepts, pushes and retries, recipient nodes verify, store and sign receipts, DMSs report
/// statuses. Real TLS sockets on loopback, real SQLite files, real signatures.
/// </summary>
[TestClass]
public sealed class ExchangeTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task AFullExchangeDeliversTheLetterWithSignedReceiptsAndStatuses()
    {
        await using var axis = TestAxis.Create("full");
        await axis.StartAsync();
        var letter = TestLetters.Content(700_000, 11);
        var annex = TestLetters.Content(3_000_000, 12);
        var folder = Path.Combine(axis.Axis.Root, "outgoing");
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));

        var sent = await sender.SendAsync(
            TestAxis.Sender.Code.Value,
            TestLetters.Draft([TestAxis.First, TestAxis.Second], "cong-van.pdf", "phu-luc.pdf"),
            [TestLetters.WriteFile(folder, "cong-van.pdf", letter), TestLetters.WriteFile(folder, "phu-luc.pdf", annex)]);
        Assert.AreEqual(SubmissionState.Queued, sent.State);

        var delivered = await Traces.WaitAsync(sender, sent.EnvelopeId,
            t => Traces.IsDelivered(t, TestAxis.First) && Traces.IsDelivered(t, TestAxis.Second), "both recipients have the letter");
        Assert.AreEqual(SubmissionState.Accepted, delivered.SubmissionState);

        var verifier = Verifier(axis.Axis.Pki);
        var acceptance = verifier.Verify(delivered.Acceptance.Body.ToByteArray(), delivered.Acceptance.Signature.ToByteArray(), "acceptance receipt");
        Assert.AreEqual(DevelopmentPki.HubIdentity, acceptance.Identity, "the hub signed the acceptance receipt");
        var receipt = AcceptanceReceipt.Parser.ParseFrom(delivered.Acceptance.Body);
        CollectionAssert.AreEqual(SHA256.HashData(sent.SignedManifest.Manifest.Span), receipt.ManifestSha256.ToByteArray());
        CollectionAssert.AreEqual(new[] { TestAxis.First.Code.Value, TestAxis.Second.Code.Value }, receipt.RecipientCodes.ToArray());

        foreach (var recipient in new[] { TestAxis.First, TestAxis.Second })
        {
            var dms = new DmsClient(axis.Axis.Dms(recipient.Code));
            var inbox = await dms.InboxAsync(recipient.Code.Value);
            Assert.AreEqual(sent.EnvelopeId, inbox.Single().EnvelopeId);
            var saved = Path.Combine(axis.Axis.Root, "received", recipient.Code.Value);
            Directory.CreateDirectory(saved);
            var fetched = await dms.FetchAsync(recipient.Code.Value, sent.EnvelopeId, saved);
            Assert.IsTrue(fetched.AttachmentsVerified);
            CollectionAssert.AreEqual(letter, await File.ReadAllBytesAsync(Path.Combine(saved, "cong-van.pdf")));
            CollectionAssert.AreEqual(annex, await File.ReadAllBytesAsync(Path.Combine(saved, "phu-luc.pdf")));
            Assert.AreEqual(sent.SignedManifest.Manifest, fetched.Letter.SignedManifest.Manifest, "the recipient holds the sender's exact bytes");

            var deliveryReceipt = verifier.Verify(fetched.Letter.DeliveryReceipt.Body.ToByteArray(), fetched.Letter.DeliveryReceipt.Signature.ToByteArray(), "delivery receipt");
            Assert.AreEqual(recipient.Code.Value, deliveryReceipt.Identity, "the recipient agency signed its delivery receipt");
        }

        var first = new DmsClient(axis.Axis.Dms(TestAxis.First.Code));
        await first.ReportAsync(TestAxis.First.Code.Value, sent.EnvelopeId, "01", "Đã nhận");
        await first.ReportAsync(TestAxis.First.Code.Value, sent.EnvelopeId, "05", "Đang xử lý");
        await first.ReportAsync(TestAxis.First.Code.Value, sent.EnvelopeId, "06", "Đã xử lý xong");
        var second = new DmsClient(axis.Axis.Dms(TestAxis.Second.Code));
        await second.ReportAsync(TestAxis.Second.Code.Value, sent.EnvelopeId, "01", "Đã nhận");
        await second.ReportAsync(TestAxis.Second.Code.Value, sent.EnvelopeId, "02", "Không thuộc thẩm quyền");

        var final = await Traces.WaitAsync(sender, sent.EnvelopeId,
            t => Traces.HasStatus(t, TestAxis.First, "06") && Traces.HasStatus(t, TestAxis.Second, "02"), "both statuses reach the sender");
        var firstTimeline = Traces.Of(final, TestAxis.First)!.Timeline;
        CollectionAssert.AreEqual(
            new[] { "Accepted", "Delivered", "Status 01", "Status 05", "Status 06" },
            firstTimeline.Select(e => e.Kind == TraceEventKind.Status ? $"Status {e.StatusCode}" : e.Kind.ToString()).ToArray());
        Assert.AreEqual("Không thuộc thẩm quyền", Traces.Of(final, TestAxis.Second)!.Timeline.Last().Detail);
        Assert.AreEqual("02", Traces.Of(final, TestAxis.Second)!.StatusCode);
    }

    [TestMethod]
    public async Task SmallContentTravelsInTheDatabaseRowsAndLargeContentAsFilesBothIntact()
    {
        await using var axis = TestAxis.Create("inline");
        await axis.StartAsync();
        var small = TestLetters.Content(16 * 1024, 61);
        var large = TestLetters.Content(200_000, 62);
        var folder = Path.Combine(axis.Axis.Root, "outgoing");
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));

        var sent = await sender.SendAsync(
            TestAxis.Sender.Code.Value,
            TestLetters.Draft([TestAxis.First], "to-trinh.pdf", "phu-luc.pdf"),
            [TestLetters.WriteFile(folder, "to-trinh.pdf", small), TestLetters.WriteFile(folder, "phu-luc.pdf", large)]);
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First), "the recipient has the letter");

        var smallSha = Convert.ToHexStringLower(SHA256.HashData(small));
        var largeSha = SHA256.HashData(large);
        var stores = new[]
        {
            ("sender's node", new HubInspector(axis.Axis.NodeDataDirectory(TestAxis.Sender.Code), "node.db")),
            ("hub", axis.HubDatabase),
            ("recipient's node", new HubInspector(axis.Axis.NodeDataDirectory(TestAxis.First.Code), "node.db")),
        };
        foreach (var (name, store) in stores)
        {
            CollectionAssert.AreEqual(small, store.InlineContent(smallSha), $"the {name} keeps the 16 KB attachment in its database");
            Assert.IsNull(store.InlineContent(Convert.ToHexStringLower(largeSha)), $"the {name} keeps the 200 KB attachment out of its database");
            Assert.IsTrue(store.HasBlob(largeSha), $"the {name} keeps the 200 KB attachment as a file");
            Assert.AreEqual(1, store.BlobFiles(), $"the {name} made no file for the small attachment");
        }

        var dms = new DmsClient(axis.Axis.Dms(TestAxis.First.Code));
        var saved = Path.Combine(axis.Axis.Root, "received");
        Directory.CreateDirectory(saved);
        var fetched = await dms.FetchAsync(TestAxis.First.Code.Value, sent.EnvelopeId, saved);
        Assert.IsTrue(fetched.AttachmentsVerified);
        CollectionAssert.AreEqual(small, await File.ReadAllBytesAsync(Path.Combine(saved, "to-trinh.pdf")));
        CollectionAssert.AreEqual(large, await File.ReadAllBytesAsync(Path.Combine(saved, "phu-luc.pdf")));
    }

    [TestMethod]
    public async Task AnOfflineRecipientGetsTheLetterFromARetryOnceItsNodeComesUp()
    {
        await using var axis = TestAxis.Create("offline");
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var file = TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "a.pdf", TestLetters.Content(50_000, 21));

        var sent = await sender.SendAsync(TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First, TestAxis.Second], "a.pdf"), [file]);
        var waiting = await Traces.WaitAsync(sender, sent.EnvelopeId,
            t => Traces.IsDelivered(t, TestAxis.First) && Traces.FailedAttempts(t, TestAxis.Second) >= 2, "the offline recipient has been retried");
        var pending = Traces.Of(waiting, TestAxis.Second)!;
        Assert.AreEqual(DeliveryState.Pending, pending.State);
        StringAssert.Contains(pending.LastError, "could not be reached");
        Assert.IsNotNull(pending.NextAttemptAt);

        await axis.Axis.StartNodeAsync(TestAxis.Second.Code);
        var done = await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.Second), "the retry delivers the letter");

        var second = Traces.Of(done, TestAxis.Second)!;
        Assert.IsGreaterThan(2u, second.Attempts, "delivered on a retry");
        Assert.AreEqual(TraceEventKind.Delivered, second.Timeline.Last().Kind);
        Assert.HasCount(1, await new DmsClient(axis.Axis.Dms(TestAxis.Second.Code)).InboxAsync(TestAxis.Second.Code.Value));
    }

    [TestMethod]
    public async Task AHubStoppedWithDeliveriesPendingLosesNothingAndSendersQueueWhileItIsDown()
    {
        await using var axis = TestAxis.Create("restart");
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var folder = Path.Combine(axis.Axis.Root, "outgoing");
        var before = await sender.SendAsync(
            TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First, TestAxis.Second], "a.pdf"),
            [TestLetters.WriteFile(folder, "a.pdf", TestLetters.Content(100_000, 31))]);
        await Traces.WaitAsync(sender, before.EnvelopeId,
            t => Traces.IsDelivered(t, TestAxis.First) && Traces.FailedAttempts(t, TestAxis.Second) >= 1, "one delivery is pending");

        await axis.Axis.StopHubAsync();
        await axis.Axis.StartNodeAsync(TestAxis.Second.Code);
        var during = await sender.SendAsync(
            TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First, TestAxis.Second], "b.pdf"),
            [TestLetters.WriteFile(folder, "b.pdf", TestLetters.Content(100_000, 32))]);
        var queued = await Eventually.WaitAsync(
            () => sender.TraceAsync(TestAxis.Sender.Code.Value, during.EnvelopeId), t => t.SubmissionAttempts >= 2, "the node retries while the hub is down");
        Assert.AreEqual(SubmissionState.Queued, queued.SubmissionState);
        StringAssert.Contains(queued.SubmissionError, "Unavailable");

        await axis.Axis.StartHubAsync();
        await Traces.WaitAsync(sender, before.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.Second), "the pending delivery completes after the restart");
        await Traces.WaitAsync(sender, during.EnvelopeId,
            t => Traces.IsDelivered(t, TestAxis.First) && Traces.IsDelivered(t, TestAxis.Second), "the letter queued during the outage is delivered");

        foreach (var recipient in new[] { TestAxis.First, TestAxis.Second })
        {
            var inbox = await new DmsClient(axis.Axis.Dms(recipient.Code)).InboxAsync(recipient.Code.Value);
            CollectionAssert.AreEquivalent(new[] { before.EnvelopeId, during.EnvelopeId }, inbox.Select(e => e.EnvelopeId).ToArray(), $"{recipient.Code} holds each letter once");
        }

        Assert.AreEqual(2L, axis.HubDatabase.AllEnvelopes());
    }

    [TestMethod]
    public async Task ADeliveryFailsAfterTheGiveUpAgeAndTheSenderSeesWhy()
    {
        await using var axis = TestAxis.Create("giveup");
        axis.Axis.HubOverrides["Hub:Delivery:GiveUpAfter"] = "00:00:02";
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));

        var sent = await sender.SendAsync(
            TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.Second], "a.pdf"),
            [TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "a.pdf", TestLetters.Content(1000, 41))]);
        var failed = await Traces.WaitAsync(sender, sent.EnvelopeId,
            t => Traces.Of(t, TestAxis.Second)?.State == DeliveryState.Failed, "the hub gives up");

        var second = Traces.Of(failed, TestAxis.Second)!;
        StringAssert.StartsWith(second.LastError, "Gave up after");
        StringAssert.Contains(second.LastError, "could not be reached");
        Assert.IsNotNull(second.FailedAt);
        Assert.AreEqual(TraceEventKind.Failed, second.Timeline.Last().Kind);
        Assert.IsGreaterThanOrEqualTo(1, second.Timeline.Count(e => e.Kind == TraceEventKind.AttemptFailed));
    }

    [TestMethod]
    public async Task ARecipientsDmsCannotReportAStatusThatContradictsTheStateMachine()
    {
        await using var axis = TestAxis.Create("contradiction");
        await axis.StartAsync();
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var sent = await sender.SendAsync(
            TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First], "a.pdf"),
            [TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "a.pdf", TestLetters.Content(1000, 51))]);
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First), "delivered");
        var first = new DmsClient(axis.Axis.Dms(TestAxis.First.Code));

        var refusal = await Refusals.AssertRefusedAsync(
            () => first.ReportAsync(TestAxis.First.Code.Value, sent.EnvelopeId, "06", "Hoàn thành trước khi nhận"),
            StatusCode.FailedPrecondition, RefusalReason.StatusTransitionInvalid);
        StringAssert.Contains(refusal.Message, "01");

        await first.ReportAsync(TestAxis.First.Code.Value, sent.EnvelopeId, "01", "Đã nhận");
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.HasStatus(t, TestAxis.First, "01"), "01 reaches the sender");
        var trace = await sender.TraceAsync(TestAxis.Sender.Code.Value, sent.EnvelopeId);
        Assert.IsFalse(Traces.HasStatus(trace, TestAxis.First, "06"), "the refused status was never recorded");
    }

    private static SignatureVerifier Verifier(PkiLayout pki) =>
        new(new CertificateValidator(TrustStore.Load([pki.TrustAnchorPath], [])), TimeProvider.System, TimeSpan.FromMinutes(5));
}
