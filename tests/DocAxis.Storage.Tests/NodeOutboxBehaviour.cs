using DocAxis.Core.Deliveries;
using DocAxis.Storage;
using DocAxis.Storage.Node;

namespace DocAxis.Storage.Tests;

/// <summary>
/// What the node's outbox sender asks its store when it decides how long to wait: the answers must
/// never name work it cannot take now, or the sender polls the database in a tight loop.
/// </summary>
[TestClass]
public sealed class NodeOutboxBehaviour
{
    private const string Agency = "000.00.00.H41";
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    private string _directory = null!;
    private NodeStore _store = null!;

    [TestInitialize]
    public async Task CreateStore()
    {
        _directory = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"node-outbox-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(_directory);
        _store = new NodeStore(new SqliteDatabase(Path.Combine(_directory, "node.db")));
        await _store.MigrateAsync(Now);
    }

    [TestCleanup]
    public void DropStore()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [TestMethod]
    public async Task ALaterStatusOfALetterIsNotDueWhileTheEarlierOneWaitsForItsRetry()
    {
        await _store.StoreInboxAsync(new InboxLetter { EnvelopeId = "letter-1", AgencyCode = Agency, SenderCode = "000.00.00.G22", ReceivedAt = Epoch.ToMs(Now) }, []);
        await _store.QueueStatusAsync(Report("report-01", ProcessingStatus.Arrived), ProcessingStatus.Arrived);
        var retryAt = Now.AddMinutes(5);
        await _store.MarkStatusRetryAsync("report-01", retryAt, "the hub is unreachable");
        await _store.QueueStatusAsync(Report("report-06", ProcessingStatus.Completed), ProcessingStatus.Completed);

        Assert.IsEmpty(await _store.DueStatusReportsAsync(Now, 32), "06 waits for 01, which is not due yet");
        Assert.AreEqual(retryAt, await _store.NextStatusReportDueAsync(), "the next report due is 01's retry, not 06, queued at once but held behind it");

        Assert.HasCount(1, await _store.DueStatusReportsAsync(retryAt, 32));
        await _store.MarkStatusSentAsync("report-01", retryAt);
        Assert.AreEqual(Now, await _store.NextStatusReportDueAsync(), "once 01 is sent, 06 is due (since it was queued)");
    }

    [TestMethod]
    public async Task TheNextLetterDueIsOneNotDueYetNeverOneAlreadyBeingSent()
    {
        await _store.QueueLetterAsync(Letter("letter-a"), []);
        await _store.QueueLetterAsync(Letter("letter-b"), []);

        Assert.HasCount(2, await _store.DueOutboxAsync(Now, 10));
        Assert.IsNull(await _store.NextLetterDueAsync(Now), "both letters are due now: nothing is left to wait for");

        var retryAt = Now.AddSeconds(30);
        await _store.MarkSubmitRetryAsync("letter-b", retryAt, "the hub is unreachable");
        Assert.AreEqual(retryAt, await _store.NextLetterDueAsync(Now));
        CollectionAssert.AreEqual(new[] { "letter-a" }, (await _store.DueOutboxAsync(Now, 10)).Select(l => l.EnvelopeId).ToArray());
    }

    private static QueuedStatusReport Report(string reportId, ProcessingStatus status) => new()
    {
        ReportId = reportId, EnvelopeId = "letter-1", AgencyCode = Agency, StatusCode = status.Code, Body = [1], Signature = [1],
        NextAttemptAt = Epoch.ToMs(Now), QueuedAt = Epoch.ToMs(Now),
    };

    private static OutboxLetter Letter(string envelopeId) => new()
    {
        EnvelopeId = envelopeId, AgencyCode = "000.00.00.G22", Subject = "Công văn", Manifest = [1], Signature = [1], ManifestSha256 = [1],
        NextAttemptAt = Epoch.ToMs(Now), QueuedAt = Epoch.ToMs(Now),
    };
}
