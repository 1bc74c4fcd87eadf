using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Crypto.Signing;
using DocAxis.Crypto.Trust;
using DocAxis.Integration.Tests.Infrastructure;
using static DocAxis.Integration.Tests.Infrastructure.TestFederation;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Hubs route to hubs: a national hub and two provincial hubs, each with its own nodes and
/// database, forward letters by their directories over mutual TLS. The sender's signature travels
/// unchanged to the last node; each hub adds its signed acceptance; receipts and statuses travel
/// back along the same path.
/// </summary>
[TestClass]
public sealed class FederationTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task ALetterFromACommuneReachesAnotherProvincesDepartmentThroughThreeHubsAndItsStatusesComeBack()
    {
        await using var federation = TestFederation.Create("federation");
        await federation.Federation.StartAsync();
        var content = TestLetters.Content(300_000, 41);
        var folder = Path.Combine(federation.Root, "outgoing");
        var commune = new DmsClient(federation.NgheAnAxis.Dms(Commune.Code));

        var sent = await commune.SendAsync(Commune.Code.Value, TestLetters.Draft([Department], "cong-van.pdf"), [TestLetters.WriteFile(folder, "cong-van.pdf", content)]);
        await Traces.WaitAsync(commune, Commune, sent.EnvelopeId, t => Traces.IsDelivered(t, Department), "the department's node has the letter");

        var department = new DmsClient(federation.SecondAxis.Dms(Department.Code));
        var saved = Path.Combine(federation.Root, "received");
        Directory.CreateDirectory(saved);
        var fetched = await department.FetchAsync(Department.Code.Value, sent.EnvelopeId, saved);
        Assert.IsTrue(fetched.AttachmentsVerified);
        CollectionAssert.AreEqual(content, await File.ReadAllBytesAsync(Path.Combine(saved, "cong-van.pdf")));
        Assert.AreEqual(sent.SignedManifest.Manifest, fetched.Letter.SignedManifest.Manifest, "the last node holds the sender's exact manifest bytes");
        Assert.AreEqual(sent.SignedManifest.Signature, fetched.Letter.SignedManifest.Signature, "and the sender's own signature");
        var verifier = Verifier(federation);
        Assert.AreEqual(Commune.Code.Value, verifier.Verify(fetched.Letter.SignedManifest.Manifest.ToByteArray(), fetched.Letter.SignedManifest.Signature.ToByteArray(), "manifest").Identity);
        Assert.AreEqual(SecondHub, verifier.Verify(fetched.Letter.Acceptance.Body.ToByteArray(), fetched.Letter.Acceptance.Signature.ToByteArray(), "acceptance").Identity,
            "the department's own hub accepted what it delivered");

        await department.ReportAsync(Department.Code.Value, sent.EnvelopeId, "01", "Đã nhận");
        await department.ReportAsync(Department.Code.Value, sent.EnvelopeId, "06", "Đã xử lý xong");
        var final = await Traces.WaitAsync(commune, Commune, sent.EnvelopeId, t => Traces.HasStatus(t, Department, "06"), "the department's 06 reaches the commune");

        var trace = Traces.Of(final, Department)!;
        CollectionAssert.AreEqual(
            new[] { "Accepted", $"Forwarded {NationalHub} by this hub", $"Forwarded {SecondHub} by {NationalHub}", "Delivered", "Status 01", "Status 06" },
            trace.Timeline.Select(Describe).ToArray());
        var hops = trace.Timeline.Where(e => e.Kind == TraceEventKind.Forwarded).ToList();
        Assert.AreEqual(NationalHub, verifier.Verify(hops[0].HopAcceptance.Body.ToByteArray(), hops[0].HopAcceptance.Signature.ToByteArray(), "hop").Identity);
        Assert.AreEqual(SecondHub, verifier.Verify(hops[1].HopAcceptance.Body.ToByteArray(), hops[1].HopAcceptance.Signature.ToByteArray(), "hop").Identity);
        Assert.AreEqual(Department.Code.Value, verifier.Verify(trace.Receipt.Body.ToByteArray(), trace.Receipt.Signature.ToByteArray(), "receipt").Identity,
            "the sender holds the department's own signed receipt");
        Assert.HasCount(2, trace.Reports, "and its two signed status reports");
        Assert.AreEqual(DeliveryState.Delivered, trace.State);
        Assert.AreEqual(NationalHub, trace.ForwardedTo);

        foreach (var hub in federation.Federation.Hubs)
        {
            Assert.AreEqual(1, federation.HubDatabase(hub).Envelopes(sent.EnvelopeId), $"{hub.HubIdentity} holds the letter under the same envelope id");
        }
    }

    [TestMethod]
    public async Task ADepartmentAnswersAMinistryAndTheCommuneAcrossTheFederation()
    {
        await using var federation = TestFederation.Create("federation-back");
        await federation.Federation.StartAsync();
        var folder = Path.Combine(federation.Root, "outgoing");
        var department = new DmsClient(federation.SecondAxis.Dms(Department.Code));

        var sent = await department.SendAsync(
            Department.Code.Value, TestLetters.Draft([Ministry, Commune], "bao-cao.pdf"), [TestLetters.WriteFile(folder, "bao-cao.pdf", TestLetters.Content(50_000, 42))]);
        var delivered = await Traces.WaitAsync(department, Department, sent.EnvelopeId,
            t => Traces.IsDelivered(t, Ministry) && Traces.IsDelivered(t, Commune), "the ministry and the commune have the letter");
        Assert.AreEqual(2, Traces.Of(delivered, Commune)!.Timeline.Count(e => e.Kind == TraceEventKind.Forwarded), "the commune is two hubs on");
        Assert.AreEqual(1, Traces.Of(delivered, Ministry)!.Timeline.Count(e => e.Kind == TraceEventKind.Forwarded), "the ministry one");

        var ministry = new DmsClient(federation.National.Dms(Ministry.Code));
        Assert.AreEqual(sent.EnvelopeId, (await ministry.InboxAsync(Ministry.Code.Value)).Single().EnvelopeId);
        var commune = new DmsClient(federation.NgheAnAxis.Dms(Commune.Code));
        Assert.AreEqual(sent.EnvelopeId, (await commune.InboxAsync(Commune.Code.Value)).Single().EnvelopeId);
        Assert.IsEmpty(await new DmsClient(federation.NgheAnAxis.Dms(NgheAn.Code)).InboxAsync(NgheAn.Code.Value), "the platform's other agency got nothing");
    }

    [TestMethod]
    public async Task AFailureAtTheLastHubComesBackAndTheSendersResendResumesThePathThroughEveryHub()
    {
        await using var federation = TestFederation.Create("federation-resend");
        federation.SecondAxis.HubOverrides["Hub:Delivery:GiveUpAfter"] = "00:00:02";
        await federation.Federation.StartAsync();
        await federation.SecondAxis.StopNodeAsync(Department.Code);
        var commune = new DmsClient(federation.NgheAnAxis.Dms(Commune.Code));
        var folder = Path.Combine(federation.Root, "outgoing");

        var sent = await commune.SendAsync(Commune.Code.Value, TestLetters.Draft([Department], "cong-van.pdf"), [TestLetters.WriteFile(folder, "cong-van.pdf", TestLetters.Content(10_000, 43))]);
        var failed = await Traces.WaitAsync(commune, Commune, sent.EnvelopeId, t => Traces.Of(t, Department)?.State == DeliveryState.Failed, "the last hub's failure reaches the sender");
        var failure = Traces.Of(failed, Department)!.Timeline.Single(e => e.Kind == TraceEventKind.Failed);
        Assert.AreEqual(SecondHub, failure.HubId, "the sender sees where it failed");
        StringAssert.Contains(failure.Detail, "could not be reached");

        await federation.SecondAxis.StartNodeAsync(Department.Code);
        await commune.ResendAsync(Commune.Code.Value, sent.EnvelopeId, [Department.Code.Value], "Sở đã khắc phục máy chủ");
        var delivered = await Traces.WaitAsync(commune, Commune, sent.EnvelopeId, t => Traces.IsDelivered(t, Department), "the resent letter reaches the department");

        var timeline = Traces.Of(delivered, Department)!.Timeline;
        Assert.AreEqual(3, timeline.Count(e => e.Kind == TraceEventKind.Requeued), "re-queued at each of the three hubs");
        var inbox = await new DmsClient(federation.SecondAxis.Dms(Department.Code)).InboxAsync(Department.Code.Value);
        Assert.AreEqual(1, inbox.Count(l => l.EnvelopeId == sent.EnvelopeId), "delivered exactly once");
    }

    [TestMethod]
    public async Task ACommuneRecallsALetterInAnotherProvinceAndTheAgreedRecallComesBack()
    {
        await using var federation = TestFederation.Create("federation-recall");
        await federation.Federation.StartAsync();
        var commune = new DmsClient(federation.NgheAnAxis.Dms(Commune.Code));
        var department = new DmsClient(federation.SecondAxis.Dms(Department.Code));
        var folder = Path.Combine(federation.Root, "outgoing");
        var sent = await commune.SendAsync(Commune.Code.Value, TestLetters.Draft([Department], "cong-van.pdf"), [TestLetters.WriteFile(folder, "cong-van.pdf", TestLetters.Content(8000, 45))]);
        await Traces.WaitAsync(commune, Commune, sent.EnvelopeId, t => Traces.IsDelivered(t, Department), "the department has the letter");
        await department.ReportAsync(Department.Code.Value, sent.EnvelopeId, "01", "Đã nhận");
        await Traces.WaitAsync(commune, Commune, sent.EnvelopeId, t => Traces.HasStatus(t, Department, "01"), "the commune sees the letter arrived");

        var recall = TestLetters.Draft([Department]);
        recall.BusinessType = BusinessType.Revoke;
        recall.ReferencedEnvelopeId = sent.EnvelopeId;
        recall.BusinessReason = "Ban hành nhầm";
        var revoke = await commune.SendAsync(Commune.Code.Value, recall, []);
        await Eventually.WaitAsync(
            () => department.InboxAsync(Department.Code.Value), inbox => inbox.Any(l => l.EnvelopeId == revoke.EnvelopeId && l.BusinessType == BusinessType.Revoke),
            "the recall reaches the department through the three hubs");
        await department.ReportAsync(Department.Code.Value, sent.EnvelopeId, "15", "Đồng ý thu hồi");

        var answered = await Traces.WaitAsync(commune, Commune, sent.EnvelopeId, t => Traces.HasStatus(t, Department, "15"), "the agreed recall reaches the commune");
        var recipient = Traces.Of(answered, Department)!;
        CollectionAssert.AreEqual(new[] { "01", "13", "15" }, recipient.Timeline.Where(e => e.Kind == TraceEventKind.Status).Select(e => e.StatusCode).ToArray());
        Assert.AreEqual("15", recipient.StatusCode, "an agreed recall ends the letter at the sender's hub too");
    }

    [TestMethod]
    public async Task AnUpdateAndThenAReplacementCrossTheFederationEachAnsweredByTheDepartment()
    {
        await using var federation = TestFederation.Create("federation-amend");
        await federation.Federation.StartAsync();
        var commune = new DmsClient(federation.NgheAnAxis.Dms(Commune.Code));
        var department = new DmsClient(federation.SecondAxis.Dms(Department.Code));
        var folder = Path.Combine(federation.Root, "outgoing");
        var sent = await commune.SendAsync(Commune.Code.Value, TestLetters.Draft([Department], "ke-hoach.pdf"), [TestLetters.WriteFile(folder, "ke-hoach.pdf", TestLetters.Content(8000, 46))]);
        await Traces.WaitAsync(commune, Commune, sent.EnvelopeId, t => Traces.IsDelivered(t, Department), "the department has the letter");
        await department.ReportAsync(Department.Code.Value, sent.EnvelopeId, "01", "Đã nhận");
        await department.ReportAsync(Department.Code.Value, sent.EnvelopeId, "06", "Đã xử lý xong");
        await Traces.WaitAsync(commune, Commune, sent.EnvelopeId, t => Traces.HasStatus(t, Department, "06"), "the commune sees the letter completed");

        var update = await AmendAsync(commune, BusinessType.Update, sent.EnvelopeId, "Bổ sung phụ lục", TestLetters.WriteFile(folder, "phu-luc.pdf", TestLetters.Content(4000, 47)));
        var arrived = await Eventually.WaitAsync(
            () => department.InboxAsync(Department.Code.Value), inbox => inbox.Any(l => l.EnvelopeId == update), "the update reaches the department through the three hubs");
        Assert.AreEqual(sent.EnvelopeId, arrived.Single(l => l.EnvelopeId == update).ReferencedEnvelopeId);
        Assert.AreEqual(update, arrived.Single(l => l.EnvelopeId == sent.EnvelopeId).AwaitingAnswerTo, "the department's node marks the earlier letter as awaiting its answer");
        var fetched = await department.FetchAsync(Department.Code.Value, update, folder: null);
        Assert.IsTrue(fetched.AttachmentsVerified, "the update's new file arrives whole");
        await department.ReportAsync(Department.Code.Value, sent.EnvelopeId, "15", "Đã cập nhật");
        var agreed = await Traces.WaitAsync(commune, Commune, sent.EnvelopeId, t => Traces.HasStatus(t, Department, "15"), "the agreed update reaches the commune");
        var recipient = Traces.Of(agreed, Department)!;
        StringAssert.Contains(recipient.Timeline.Single(e => e.Kind == TraceEventKind.Amended).Detail, $"Updated by letter {update}");
        Assert.AreEqual("06", recipient.StatusCode, "an agreed update leaves the letter completed");

        var replacement = await AmendAsync(commune, BusinessType.Replace, sent.EnvelopeId, "Thay thế toàn văn", TestLetters.WriteFile(folder, "ke-hoach-moi.pdf", TestLetters.Content(6000, 48)));
        var replaced = await Traces.WaitAsync(
            commune, Commune, sent.EnvelopeId, t => Traces.Of(t, Department)!.AwaitingAnswerTo == replacement, "the replacement awaits the department's answer at the sender's hub");
        StringAssert.Contains(Traces.Of(replaced, Department)!.Timeline.Last(e => e.Kind == TraceEventKind.Amended).Detail, $"Replaced by letter {replacement}");
        await Eventually.WaitAsync(
            () => department.InboxAsync(Department.Code.Value), inbox => inbox.Any(l => l.EnvelopeId == replacement && l.BusinessType == BusinessType.Replace),
            "the replacement reaches the department");
        await department.ReportAsync(Department.Code.Value, sent.EnvelopeId, "15", "Đồng ý thay thế");
        var done = await Traces.WaitAsync(
            commune, Commune, sent.EnvelopeId, t => Traces.Of(t, Department)!.Timeline.Count(e => e.Kind == TraceEventKind.Status && e.StatusCode == "15") == 2, "the second 15 comes back");
        Assert.AreEqual("", Traces.Of(done, Department)!.AwaitingAnswerTo, "nothing awaits an answer any more");
        foreach (var hub in federation.Federation.Hubs)
        {
            Assert.AreEqual(1, federation.HubDatabase(hub).Envelopes(replacement), $"{hub.HubIdentity} holds the replacement once");
        }
    }

    private static async Task<string> AmendAsync(DmsClient commune, BusinessType type, string earlier, string reason, string file)
    {
        var draft = TestLetters.Draft([Department], Path.GetFileName(file));
        draft.BusinessType = type;
        draft.ReferencedEnvelopeId = earlier;
        draft.BusinessReason = reason;
        return (await commune.SendAsync(Commune.Code.Value, draft, [file])).EnvelopeId;
    }

    private static string Describe(TraceEvent e) => e.Kind switch
    {
        TraceEventKind.Status => $"Status {e.StatusCode}",
        TraceEventKind.Forwarded => $"Forwarded {e.Detail} by {(e.HubId.Length > 0 ? e.HubId : "this hub")}",
        _ => e.Kind.ToString(),
    };

    private static SignatureVerifier Verifier(TestFederation federation) =>
        new(new CertificateValidator(TrustStore.Load([federation.National.Pki.TrustAnchorPath], [])), TimeProvider.System, TimeSpan.FromMinutes(5));
}
