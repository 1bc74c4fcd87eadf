using DocAxis.Core.Deliveries;
using DocAxis.Storage;
using DocAxis.Storage.Node;

namespace DocAxis.Storage.Tests;

/// <summary>
/// What the node's outbox sender asks its store when it decides how long to wait: the answers must
/// never name work it cannot take now, or the sender polls the database in a tight loop.
/// </summary>
[TestClass]
public sealed class NodeOutboxBehaviour : NodeStoreTest
{
    private const string Agency = "000.00.00.H41";
    protected override DateTimeOffset Now { get; } = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task ALaterStatusOfALetterIsNotDueWhileTheEarlierOneWaitsForItsRetry()
    {
        await Store.StoreInboxAsync(new InboxLetter { EnvelopeId = "letter-1", AgencyCode = Agency, SenderCode = "000.00.00.G22", ReceivedAt = Epoch.ToMs(Now) }, []);
        await Store.QueueStatusAsync(Report("report-01", ProcessingStatus.Arrived), ProcessingStatus.Arrived);
        var retryAt = Now.AddMinutes(5);
        await Store.MarkStatusRetryAsync("report-01", retryAt, "the hub is unreachable");
        await Store.QueueStatusAsync(Report("report-06", ProcessingStatus.Completed), ProcessingStatus.Completed);

        Assert.IsEmpty(await Store.DueStatusReportsAsync(Now, 32), "06 waits for 01, which is not due yet");
        Assert.AreEqual(retryAt, await Store.NextStatusReportDueAsync(), "the next report due is 01's retry, not 06, queued at once but held behind it");

        Assert.HasCount(1, await Store.DueStatusReportsAsync(retryAt, 32));
        await Store.MarkStatusSentAsync("report-01", retryAt);
        Assert.AreEqual(Now, await Store.NextStatusReportDueAsync(), "once 01 is sent, 06 is due (since it was queued)");
    }

    [TestMethod]
    public async Task TheNextLetterDueIsOneNotDueYetNeverOneAlreadyBeingSent()
    {
        await Store.QueueLetterAsync(Letter("letter-a"), []);
        await Store.QueueLetterAsync(Letter("letter-b"), []);

        Assert.HasCount(2, await Store.DueOutboxAsync(Now, 10));
        Assert.IsNull(await Store.NextLetterDueAsync(Now), "both letters are due now: nothing is left to wait for");

        var retryAt = Now.AddSeconds(30);
        await Store.MarkSubmitRetryAsync("letter-b", retryAt, "the hub is unreachable");
        Assert.AreEqual(retryAt, await Store.NextLetterDueAsync(Now));
        CollectionAssert.AreEqual(new[] { "letter-a" }, (await Store.DueOutboxAsync(Now, 10)).Select(l => l.EnvelopeId).ToArray());
    }

    private QueuedStatusReport Report(string reportId, ProcessingStatus status) => new()
    {
        ReportId = reportId, EnvelopeId = "letter-1", AgencyCode = Agency, StatusCode = status.Code, Body = [1], Signature = [1],
        NextAttemptAt = Epoch.ToMs(Now), QueuedAt = Epoch.ToMs(Now),
    };

    private OutboxLetter Letter(string envelopeId) => new()
    {
        EnvelopeId = envelopeId, AgencyCode = "000.00.00.G22", Subject = "Công văn", Manifest = [1], Signature = [1], ManifestSha256 = [1],
        NextAttemptAt = Epoch.ToMs(Now), QueuedAt = Epoch.ToMs(Now),
    };
}
