using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Recall, update and replace through real nodes and hub: the sender's revoke letter puts 13 in the
/// earlier letter's timeline, each recipient's DMS answers 15 or 16, both sides' traces tell the
/// story, and sequences the state machine does not allow are refused with nothing stored.
/// </summary>
[TestClass]
public sealed class AmendmentTests
{
    private static TestAxis _axis = null!;
    private static DmsClient _sender = null!;
    private static DmsClient _first = null!;
    private static DmsClient _second = null!;

    [ClassInitialize]
    public static async Task Start(TestContext context)
    {
        _axis = TestAxis.Create("amendments");
        await _axis.StartAsync();
        _sender = new DmsClient(_axis.Axis.Dms(TestAxis.Sender.Code));
        _first = new DmsClient(_axis.Axis.Dms(TestAxis.First.Code));
        _second = new DmsClient(_axis.Axis.Dms(TestAxis.Second.Code));
    }

    [ClassCleanup]
    public static async Task Stop() => await _axis.DisposeAsync();

    [TestMethod]
    public async Task ARecallIsAskedThenAgreedByOneRecipientAndRefusedByTheOtherAndBothSidesSeeIt()
    {
        var original = await SendDeliveredAsync([TestAxis.First, TestAxis.Second]);
        await _first.ReportAsync(TestAxis.First.Code.Value, original, "01", "Đã nhận");
        // The node relays statuses in the background: let the hub record 01 before the recall.
        await Traces.WaitAsync(_sender, original, t => Traces.HasStatus(t, TestAxis.First, "01"), "01 is recorded");

        var recall = await SendAmendmentAsync(BusinessType.Revoke, original, [TestAxis.First, TestAxis.Second], "Ban hành nhầm");
        var asked = await Traces.WaitAsync(_sender, original, t => Traces.HasStatus(t, TestAxis.First, "13") && Traces.HasStatus(t, TestAxis.Second, "13"), "13 is in both timelines");
        StringAssert.Contains(Traces.Of(asked, TestAxis.First)!.Timeline.Single(e => e.StatusCode == "13").Detail, recall);
        Assert.AreEqual(recall, Traces.Of(asked, TestAxis.First)!.AwaitingAnswerTo);

        // Each recipient's inbox shows the revoke letter and, on the earlier letter, that an answer is due.
        var inbox = await Eventually.WaitAsync(() => _first.InboxAsync(TestAxis.First.Code.Value), l => l.Any(e => e.EnvelopeId == recall), "the revoke letter arrives");
        Assert.AreEqual(BusinessType.Revoke, inbox.Single(e => e.EnvelopeId == recall).BusinessType);
        Assert.AreEqual(original, inbox.Single(e => e.EnvelopeId == recall).ReferencedEnvelopeId);
        Assert.AreEqual(recall, inbox.Single(e => e.EnvelopeId == original).AwaitingAnswerTo);
        await Eventually.WaitAsync(() => _second.InboxAsync(TestAxis.Second.Code.Value), l => l.Any(e => e.EnvelopeId == recall), "the revoke letter arrives");

        await _first.ReportAsync(TestAxis.First.Code.Value, original, "15", "Đồng ý thu hồi");
        await _second.ReportAsync(TestAxis.Second.Code.Value, original, "16", "Văn bản đã được xử lý một phần");
        var answered = await Traces.WaitAsync(_sender, original, t => Traces.HasStatus(t, TestAxis.First, "15") && Traces.HasStatus(t, TestAxis.Second, "16"), "both answers are recorded");

        Assert.AreEqual("15", Traces.Of(answered, TestAxis.First)!.StatusCode, "an agreed recall ends the letter");
        Assert.AreEqual("", Traces.Of(answered, TestAxis.Second)!.StatusCode, "a refused recall leaves processing where it was");
        Assert.IsTrue(answered.Trace.Recipients.All(r => r.AwaitingAnswerTo.Length == 0));
        CollectionAssert.AreEqual(
            new[] { TraceEventKind.Accepted, TraceEventKind.Delivered, TraceEventKind.Status, TraceEventKind.Status, TraceEventKind.Status },
            Traces.Of(answered, TestAxis.First)!.Timeline.Select(e => e.Kind).ToArray());

        // The recipient's own side, through its node: its delivery only, with the whole story.
        var mine = await _first.TraceAsync(TestAxis.First.Code.Value, original);
        Assert.HasCount(1, mine.Trace.Recipients);
        CollectionAssert.AreEqual(new[] { "01", "13", "15" }, mine.Trace.Recipients[0].Timeline.Where(e => e.Kind == TraceEventKind.Status).Select(e => e.StatusCode).ToArray());
        var revokeTrace = await _sender.TraceAsync(TestAxis.Sender.Code.Value, recall);
        Assert.AreEqual(BusinessType.Revoke, revokeTrace.Trace.BusinessType);
        Assert.AreEqual(original, revokeTrace.Trace.ReferencedEnvelopeId);

        // Nothing follows an agreed recall; the refusing recipient carries on.
        await Refusals.AssertRefusedAsync(
            () => _first.ReportAsync(TestAxis.First.Code.Value, original, "05", "Đang xử lý"), StatusCode.FailedPrecondition, RefusalReason.StatusTransitionInvalid);
        await _second.ReportAsync(TestAxis.Second.Code.Value, original, "01", "Đã nhận");
    }

    [TestMethod]
    public async Task UpdatesAndReplacementsReferToTheEarlierLetterOneAtATime()
    {
        var original = await SendDeliveredAsync([TestAxis.First]);
        await _first.ReportAsync(TestAxis.First.Code.Value, original, "01", "Đã nhận");
        await _first.ReportAsync(TestAxis.First.Code.Value, original, "06", "Đã xử lý xong");
        await Traces.WaitAsync(_sender, original, t => Traces.HasStatus(t, TestAxis.First, "06"), "completed");

        var update = await SendAmendmentAsync(BusinessType.Update, original, [TestAxis.First], "Bổ sung phụ lục");
        var updated = await Traces.WaitAsync(_sender, original, t => Traces.Of(t, TestAxis.First)!.Timeline.Any(e => e.Kind == TraceEventKind.Amended), "the update is in the timeline");
        StringAssert.Contains(Traces.Of(updated, TestAxis.First)!.Timeline.Last(e => e.Kind == TraceEventKind.Amended).Detail, $"Updated by letter {update}");

        // A replacement while the update is unanswered is refused at the hub, and stores nothing.
        var early = await SubmitDirectAsync(TestAxis.Sender, BusinessType.Replace, original, [TestAxis.First]);
        await Refusals.AssertRefusedAsync(early.Submit, StatusCode.FailedPrecondition, RefusalReason.ReferenceInvalid);
        _axis.HubDatabase.AssertNothingStored(early.Id);

        await Eventually.WaitAsync(() => _first.InboxAsync(TestAxis.First.Code.Value), l => l.Any(e => e.EnvelopeId == update), "the update arrives");
        await _first.ReportAsync(TestAxis.First.Code.Value, original, "15", "Đã cập nhật");
        var agreed = await Traces.WaitAsync(_sender, original, t => Traces.HasStatus(t, TestAxis.First, "15"), "the update is agreed");
        Assert.AreEqual("06", Traces.Of(agreed, TestAxis.First)!.StatusCode, "an agreed update leaves the letter completed");

        var replacement = await SendAmendmentAsync(BusinessType.Replace, original, [TestAxis.First], "Thay thế toàn văn");
        var replaced = await Traces.WaitAsync(_sender, original, t => Traces.Of(t, TestAxis.First)!.AwaitingAnswerTo == replacement, "the replacement awaits an answer");
        StringAssert.Contains(Traces.Of(replaced, TestAxis.First)!.Timeline.Last(e => e.Kind == TraceEventKind.Amended).Detail, $"Replaced by letter {replacement}");
    }

    [TestMethod]
    public async Task InvalidAmendmentsAndAnswersAreRefusedAndStoreNothing()
    {
        var completed = await SendDeliveredAsync([TestAxis.First]);
        await _first.ReportAsync(TestAxis.First.Code.Value, completed, "01", "Đã nhận");
        await _first.ReportAsync(TestAxis.First.Code.Value, completed, "06", "Đã xử lý xong");
        await Traces.WaitAsync(_sender, completed, t => Traces.HasStatus(t, TestAxis.First, "06"), "completed");
        var open = await SendDeliveredAsync([TestAxis.First]);

        var cases = new (string What, LocalAgency From, BusinessType Type, string Reference, LocalAgency[] To, StatusCode Code, RefusalReason Reason)[]
        {
            ("a recall of another agency's letter", TestAxis.First, BusinessType.Revoke, open, [TestAxis.Second], StatusCode.FailedPrecondition, RefusalReason.ReferenceInvalid),
            ("a recall of a completed letter", TestAxis.Sender, BusinessType.Revoke, completed, [TestAxis.First], StatusCode.FailedPrecondition, RefusalReason.ReferenceInvalid),
            ("a recall from an agency the letter never went to", TestAxis.Sender, BusinessType.Revoke, open, [TestAxis.Second], StatusCode.FailedPrecondition, RefusalReason.ReferenceInvalid),
            ("an update of a letter that does not exist", TestAxis.Sender, BusinessType.Update, Guid.NewGuid().ToString(), [TestAxis.First], StatusCode.NotFound, RefusalReason.EnvelopeUnknown),
        };
        foreach (var c in cases)
        {
            var attempt = await SubmitDirectAsync(c.From, c.Type, c.Reference, c.To);
            var refusal = await Refusals.AssertRefusedAsync(attempt.Submit, c.Code, c.Reason);
            Assert.AreEqual("manifest.referenced_envelope_id", refusal.Details["field"], c.What);
            _axis.HubDatabase.AssertNothingStored(attempt.Id);
        }

        var untouched = await _sender.TraceAsync(TestAxis.Sender.Code.Value, open);
        Assert.IsFalse(untouched.Trace.Recipients.Any(r => r.Timeline.Any(e => e.StatusCode == "13")), "no refused recall left a 13 behind");

        // The recipient's side: a status after completion, an answer nobody asked for, a 13 of its own.
        foreach (var (envelope, code) in new[] { (completed, "05"), (open, "15"), (open, "13") })
        {
            await Refusals.AssertRefusedAsync(
                () => _first.ReportAsync(TestAxis.First.Code.Value, envelope, code, "Không hợp lệ"), StatusCode.FailedPrecondition, RefusalReason.StatusTransitionInvalid);
        }
    }

    private static async Task<string> SendDeliveredAsync(LocalAgency[] recipients)
    {
        var id = (await _sender.SendAsync(TestAxis.Sender.Code.Value, TestLetters.Draft(recipients), [])).EnvelopeId;
        await Traces.WaitAsync(_sender, id, t => recipients.All(r => Traces.IsDelivered(t, r)), "the letter is delivered");
        return id;
    }

    private static async Task<string> SendAmendmentAsync(BusinessType type, string original, LocalAgency[] recipients, string reason)
    {
        var draft = TestLetters.Draft(recipients);
        draft.BusinessType = type;
        draft.ReferencedEnvelopeId = original;
        draft.BusinessReason = reason;
        var id = (await _sender.SendAsync(TestAxis.Sender.Code.Value, draft, [])).EnvelopeId;
        await Traces.WaitAsync(_sender, id, t => t.SubmissionState == SubmissionState.Accepted, $"the {type} letter is accepted");
        return id;
    }

    /// <summary>A signed amendment submitted straight to the hub, so that its refusal can be asserted exactly.</summary>
    private static Task<(string Id, Func<Task> Submit)> SubmitDirectAsync(LocalAgency from, BusinessType type, string reference, LocalAgency[] to)
    {
        var manifest = TestLetters.Complete(from, to, []);
        manifest.BusinessType = type;
        manifest.ReferencedEnvelopeId = reference;
        manifest.BusinessReason = "Thử nghiệm";
        var signed = TestLetters.Sign(manifest, _axis.Axis.Pki.AgencySigning(from.Code));
        return Task.FromResult<(string, Func<Task>)>(
            (manifest.EnvelopeId, () => TestLetters.SubmitAsync(_axis.Axis.Clients.Agency(from.Code), manifest.EnvelopeId, signed, [])));
    }
}
