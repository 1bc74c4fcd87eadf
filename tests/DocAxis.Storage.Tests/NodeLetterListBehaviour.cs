using Dapper;
using DocAxis.Storage.Node;

namespace DocAxis.Storage.Tests;

/// <summary>
/// What a clerk's outbox shows: each sent letter's recipients counted by state as the hub's
/// timeline arrives, the furthest status, and the filters and pages over them.
/// </summary>
[TestClass]
public sealed class NodeLetterListBehaviour : NodeStoreTest
{
    private const string Agency = "000.00.00.G22";
    protected override DateTimeOffset Now { get; } = new(2026, 12, 3, 2, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task TheOutboxCountsEachLettersRecipientsFromTheTimelineAndFiltersThem()
    {
        await QueueAsync("letter-1", "Giấy mời họp", "12", 0, "000.00.00.H41", "000.00.00.H29", "000.00.00.H30");
        await QueueAsync("letter-2", "Báo cáo 100% hoàn thành", "13", 1, "000.00.00.H41");
        await QueueAsync("letter-3", "Công văn khác", "14", 2, "000.00.00.H29");
        await Store.MarkAcceptedAsync("letter-1", [1], [2], Now);
        await Store.MarkAcceptedAsync("letter-2", [1], [2], Now);
        await Store.Events.AppendFromHubAsync(Agency,
        [
            Hub(1, "letter-1", "000.00.00.H41", LetterEventKinds.Delivered),
            Hub(2, "letter-1", "000.00.00.H41", LetterEventKinds.Status, "01"),
            Hub(3, "letter-1", "000.00.00.H41", LetterEventKinds.Status, "06"),
            Hub(4, "letter-1", "000.00.00.H29", LetterEventKinds.AttemptFailed),
            Hub(5, "letter-1", "000.00.00.H29", LetterEventKinds.Failed),
            Hub(6, "letter-2", "000.00.00.H41", LetterEventKinds.Delivered),
            Hub(7, "letter-2", "000.00.00.H41", LetterEventKinds.Status, "15"),
        ], Now);
        await Store.Events.AppendFromHubAsync(Agency, [Hub(5, "letter-1", "000.00.00.H29", LetterEventKinds.Failed)], Now);

        var all = await List(new LetterFilter());
        CollectionAssert.AreEqual(new[] { "letter-3", "letter-2", "letter-1" }, all.Select(l => l.EnvelopeId).ToArray(), "newest first");
        var first = all.Single(l => l.EnvelopeId == "letter-1");
        Assert.AreEqual((3L, 1L, 1L, 1L, "06"), (first.Recipients, first.Delivered, first.Pending, first.Failed, first.FurthestStatus), "an event read twice counts once");
        Assert.IsNull(all.Single(l => l.EnvelopeId == "letter-2").FurthestStatus, "a recall answer (15) is not progress");

        CollectionAssert.AreEqual(new[] { "letter-1" }, Ids(await List(new LetterFilter(State: "Failed"))));
        CollectionAssert.AreEqual(new[] { "letter-3" }, Ids(await List(new LetterFilter(State: "Queued"))));
        CollectionAssert.AreEqual(new[] { "letter-3", "letter-1" }, Ids(await List(new LetterFilter(Counterpart: "000.00.00.H29"))));
        CollectionAssert.AreEqual(new[] { "letter-2" }, Ids(await List(new LetterFilter(Search: "100%"))), "% is a character, not a wildcard");
        CollectionAssert.AreEqual(new[] { "letter-1" }, Ids(await List(new LetterFilter(Search: "12"))), "by number");
        CollectionAssert.AreEqual(new[] { "letter-2", "letter-1" }, Ids(await List(new LetterFilter(To: Now.AddMinutes(2)))));
        CollectionAssert.AreEqual(new[] { "letter-2" }, Ids(await Store.Lists.ListSentAsync(Agency, new LetterFilter(), 1, 1)), "the second page of one");
        Assert.IsEmpty(await Store.Lists.ListSentAsync("000.00.00.H41", new LetterFilter(), 0, 10), "another agency's outbox");
    }

    [TestMethod]
    public async Task ASearchFindsVietnameseWithOrWithoutDiacriticsAndLettersStoredBeforeTheColumn()
    {
        await QueueAsync("letter-1", "Về việc tổ chức Hội nghị trực tuyến", "21", 0, "000.00.00.H41");
        await QueueAsync("letter-2", "Giấy mời dự Đại hội", "22", 1, "000.00.00.H41");
        await QueueAsync("letter-3", "Báo cáo tháng", "23", 2, "000.00.00.H41");

        CollectionAssert.AreEqual(new[] { "letter-1" }, Ids(await List(new LetterFilter(Search: "hoi nghi"))), "without diacritics");
        CollectionAssert.AreEqual(new[] { "letter-1" }, Ids(await List(new LetterFilter(Search: "HỘI NGHỊ"))), "in capitals");
        CollectionAssert.AreEqual(new[] { "letter-2" }, Ids(await List(new LetterFilter(Search: "dai hoi"))), "đ as d");
        CollectionAssert.AreEqual(new[] { "letter-3" }, Ids(await List(new LetterFilter(Search: "23/VPCP"))), "number and notation");

        // A letter stored before node migration 0009 has no search text until the node fills it in.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(Folder, "node.db")}"))
        {
            await connection.ExecuteAsync("UPDATE outbox SET search_text = NULL WHERE envelope_id = 'letter-2'");
        }

        Assert.IsEmpty(await List(new LetterFilter(Search: "dai hoi")));
        Assert.AreEqual(1L, await Store.Lists.FillSearchTextAsync());
        CollectionAssert.AreEqual(new[] { "letter-2" }, Ids(await List(new LetterFilter(Search: "dai hoi"))));
        Assert.AreEqual(0L, await Store.Lists.FillSearchTextAsync(), "filled once");
    }

    private async Task<IReadOnlyList<SentLetterSummary>> List(LetterFilter filter) => await Store.Lists.ListSentAsync(Agency, filter, 0, 10);

    private static string[] Ids(IEnumerable<SentLetterSummary> letters) => [.. letters.Select(l => l.EnvelopeId)];

    private Task QueueAsync(string id, string subject, string number, int minutes, params string[] recipients) =>
        Store.QueueLetterAsync(new OutboxLetter
        {
            EnvelopeId = id, AgencyCode = Agency, Subject = subject, Number = number, Notation = "VPCP", Manifest = [1], Signature = [2], ManifestSha256 = [3],
            QueuedAt = Epoch.ToMs(Now.AddMinutes(minutes)), NextAttemptAt = Epoch.ToMs(Now), RecipientCodes = recipients,
        }, []);

    private LetterEventRow Hub(long id, string envelope, string recipient, string kind, string? status = null) => new()
    {
        AgencyCode = Agency, Kind = kind, EnvelopeId = envelope, CounterpartCode = recipient, StatusCode = status, At = Epoch.ToMs(Now), Source = $"hub:{id}",
    };
}
