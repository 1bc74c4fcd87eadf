using Dapper;
using DocAxis.Core.Agencies;
using DocAxis.Core.Deliveries;
using DocAxis.Core.Statistics;
using DocAxis.Storage;
using DocAxis.Storage.Hub;
using DocAxis.Storage.Statistics;
using DocAxis.Testing;

namespace DocAxis.Storage.Tests;

/// <summary>
/// The statistics folded from real delivery events, on every provider: incremental runs must add up
/// to exactly what a full recomputation finds, periods follow Vietnam's civil day, and events too
/// recent to be sure of wait for the next run.
/// </summary>
public abstract class StatisticsBehaviour
{
    private const string Office = "000.00.00.G22";
    private const string Province = "000.00.00.H41";
    private const string Department = "000.00.12.H41";
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);
    private static readonly StatisticsCalendar Vietnam = new(TimeSpan.FromHours(7));

    private Database _database = null!;
    private HubStore _store = null!;
    private int _letters;

    protected abstract Task<Database> CreateDatabaseAsync();

    [TestInitialize]
    public async Task CreateStore()
    {
        _database = await CreateDatabaseAsync();
        _store = new HubStore(_database);
        await _store.MigrateAsync(Start);
        await _store.Directory.PutAgencyAsync(new Agency(AgencyCode.Parse(Office), "VPCP", GovernmentLevel.Central, null, null, true, Start, Start), Start);
        await _store.Directory.PutAgencyAsync(new Agency(AgencyCode.Parse(Province), "UBND Nghệ An", GovernmentLevel.Province, null, null, true, Start, Start), Start);
        await _store.Directory.PutAgencyAsync(new Agency(AgencyCode.Parse(Department), "Sở Nội vụ", GovernmentLevel.Province, AgencyCode.Parse(Province), null, true, Start, Start), Start);
    }

    [TestCleanup]
    public Task DropStore() => TestDatabases.DropAsync(_database);

    [TestMethod]
    public async Task IncrementalRunsAddUpToExactlyWhatAFullRecomputationFinds()
    {
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 4; i++)
            {
                await ExchangeAsync(Start.AddHours((round * 10) + i), deliveredAfter: TimeSpan.FromSeconds(2 + i), failOne: i == 3);
            }

            var run = await _store.Statistics.FoldAsync(Vietnam, DateTimeOffset.MaxValue, batchSize: 3, Start.AddDays(3));
            Assert.IsGreaterThan(0L, run.Events, $"round {round} folded the new events");
        }

        var incremental = await SnapshotAsync();
        var progress = await _store.Statistics.ProgressAsync();
        await _store.Statistics.ClearAsync(Start.AddDays(3));
        Assert.AreEqual(0L, (await _store.Statistics.ProgressAsync()).LastEventId);
        var full = await _store.Statistics.FoldAsync(Vietnam, DateTimeOffset.MaxValue, batchSize: 10_000, Start.AddDays(3));

        Assert.AreEqual(progress.LastEventId, full.LastEventId);
        CollectionAssert.AreEqual(await SnapshotAsync(), incremental);

        // 12 letters from the Government Office, each to the province and its department; the
        // fourth of each round failed to reach the department.
        var month = await TotalsAsync("*", Granularity.Month, "2026-11");
        Assert.AreEqual((12L, 21L, 3L), (month.Sent, month.Received, month.Failed));
        Assert.AreEqual((12L, 0L, 3L), Figures(await TotalsAsync(Office, Granularity.Month, "2026-11")), "sent and failed count for the sender");
        Assert.AreEqual((0L, 9L, 0L), Figures(await TotalsAsync(Department, Granularity.Month, "2026-11")), "received counts for the recipient");
        Assert.AreEqual((0L, 21L, 0L), Figures(await TotalsAsync("level:2", Granularity.Quarter, "2026-Q4")), "both recipients are provincial");
        Assert.AreEqual(12L, (await TotalsAsync("level:1", Granularity.Year, "2026")).Sent);
    }

    [TestMethod]
    public async Task PercentilesOfDeliveryArrivalAndCompletionComeFromTheStoredHistograms()
    {
        for (var i = 1; i <= 20; i++)
        {
            await ExchangeAsync(Start.AddMinutes(i), deliveredAfter: TimeSpan.FromSeconds(i), failOne: false);
        }

        await _store.Statistics.FoldAsync(Vietnam, DateTimeOffset.MaxValue, batchSize: 7, Start.AddDays(1));

        var delivery = await HistogramAsync(Province, DurationMetric.Delivery);
        Assert.AreEqual(20L, delivery.Count);
        var p50 = delivery.Percentile(0.5)!.Value;
        Assert.IsTrue(p50 >= TimeSpan.FromSeconds(10) && p50 <= TimeSpan.FromSeconds(10) * 1.19, $"median of 1..20 s is 10 s within a bucket, was {p50}");
        var p95 = delivery.Percentile(0.95)!.Value;
        Assert.IsTrue(p95 >= TimeSpan.FromSeconds(19) && p95 <= TimeSpan.FromSeconds(19) * 1.19, $"p95 of 1..20 s is 19 s within a bucket, was {p95}");
        var completion = await HistogramAsync(Province, DurationMetric.Completion);
        Assert.AreEqual(20L, completion.Count);
        Assert.IsTrue(completion.Percentile(0.5) > p50, "completion comes after delivery");
        Assert.AreEqual(20L, (await HistogramAsync(Province, DurationMetric.Arrival)).Count);
    }

    [TestMethod]
    public async Task ALetterSentLateOnNewYearsEveUtcCountsForTheNewYearInVietnam()
    {
        // 17:30 UTC on 31 December is 00:30 on 1 January in Hà Nội.
        await ExchangeAsync(new DateTimeOffset(2026, 12, 31, 17, 30, 0, TimeSpan.Zero), TimeSpan.FromSeconds(1), failOne: false);
        await _store.Statistics.FoldAsync(Vietnam, DateTimeOffset.MaxValue, batchSize: 100, Start);

        Assert.AreEqual(1L, (await TotalsAsync("*", Granularity.Day, "2027-01-01")).Sent);
        Assert.AreEqual(1L, (await TotalsAsync("*", Granularity.Quarter, "2027-Q1")).Sent);
        Assert.AreEqual(1L, (await TotalsAsync("*", Granularity.Year, "2027")).Sent);
        Assert.IsEmpty(await _store.Statistics.TotalsAsync("*", Granularity.Year, "2026", "2026"));
    }

    [TestMethod]
    public async Task EventsNewerThanTheSettleTimeWaitForTheNextRun()
    {
        await ExchangeAsync(Start, TimeSpan.FromSeconds(1), failOne: false);
        await ExchangeAsync(Start.AddHours(1), TimeSpan.FromSeconds(1), failOne: false);

        var first = await _store.Statistics.FoldAsync(Vietnam, settledBefore: Start.AddMinutes(30), batchSize: 100, Start.AddMinutes(31));
        Assert.AreEqual(1L, (await TotalsAsync("*", Granularity.Day, "2026-11-23")).Sent, "only the letter accepted before the settle line");

        var second = await _store.Statistics.FoldAsync(Vietnam, settledBefore: Start.AddDays(1), batchSize: 100, Start.AddDays(1));
        Assert.IsGreaterThan(first.LastEventId, second.LastEventId);
        Assert.AreEqual(2L, (await TotalsAsync("*", Granularity.Day, "2026-11-23")).Sent);
        Assert.AreEqual(0L, (await _store.Statistics.FoldAsync(Vietnam, DateTimeOffset.MaxValue, 100, Start.AddDays(1))).Events, "nothing new: nothing counted twice");
        Assert.AreEqual(2L, (await TotalsAsync("*", Granularity.Day, "2026-11-23")).Sent);
    }

    [TestMethod]
    public async Task PaperReportsReplaceEarlierOnesAndAddUpByLevel()
    {
        Assert.IsNull(await _store.Statistics.ReportPaperAsync(AgencyCode.Parse(Province), "2026-10", 40, Province, Start));
        Assert.AreEqual(40L, await _store.Statistics.ReportPaperAsync(AgencyCode.Parse(Province), "2026-10", 25, Province, Start.AddHours(1)));
        await _store.Statistics.ReportPaperAsync(AgencyCode.Parse(Department), "2026-10", 5, "operator", Start);
        await _store.Statistics.ReportPaperAsync(AgencyCode.Parse(Office), "2026-11", 7, Office, Start);

        var provincial = await _store.Statistics.PaperAsync(null, GovernmentLevel.Province, "2026-10", "2026-11");
        Assert.AreEqual(30L, provincial.Single(m => m.Month == "2026-10").PaperSent, "the replaced report counts once, with its new figure");
        Assert.AreEqual(2L, provincial.Single().Reports);
        Assert.AreEqual(37L, (await _store.Statistics.PaperAsync(null, null, "2026-01", "2026-12")).Sum(m => m.PaperSent));
        Assert.AreEqual(7L, (await _store.Statistics.PaperAsync(AgencyCode.Parse(Office), null, "2026-11", "2026-11")).Single().PaperSent);
    }

    /// <summary>One letter from the Government Office to the province and its department, delivered, with 01 and 06 reported by each.</summary>
    private async Task ExchangeAsync(DateTimeOffset acceptedAt, TimeSpan deliveredAfter, bool failOne)
    {
        var id = $"0b6f4c1e-2d3a-4f5b-8c7d-{++_letters:D12}";
        Assert.IsTrue(await _store.Letters.AcceptAsync(new NewEnvelope(
            new StoredEnvelope
            {
                Id = id, SenderCode = Office, Subject = "V/v thống kê", Manifest = [1], Signature = [2], ManifestSha256 = new byte[32],
                Acceptance = [3], AcceptanceSignature = [4], AcceptedAt = Epoch.ToMs(acceptedAt),
            },
            [],
            [Province, Department])));
        foreach (var recipient in new[] { Province, Department })
        {
            var key = new DeliveryKey(id, recipient);
            if (failOne && recipient == Department)
            {
                await _store.Deliveries.RecordFailedAsync(key, 5, "node unreachable", acceptedAt + deliveredAfter);
                continue;
            }

            var delivered = acceptedAt + deliveredAfter;
            await _store.Deliveries.RecordDeliveredAsync(key, 1, [9], [9], delivered);
            await _store.Statuses.RecordStatusAsync(new NewStatusReport(Guid.NewGuid().ToString(), key, ProcessingStatus.Arrived, "", [1], [1], delivered.AddSeconds(1)));
            await _store.Statuses.RecordStatusAsync(new NewStatusReport(Guid.NewGuid().ToString(), key, ProcessingStatus.Completed, "", [1], [1], delivered.AddHours(2)));
        }
    }

    private async Task<TotalsRow> TotalsAsync(string scope, Granularity granularity, string period) =>
        (await _store.Statistics.TotalsAsync(scope, granularity, period, period)).Single();

    private static (long, long, long) Figures(TotalsRow row) => (row.Sent, row.Received, row.Failed);

    private async Task<DurationHistogram> HistogramAsync(string scope, DurationMetric metric)
    {
        var histogram = new DurationHistogram();
        foreach (var row in (await _store.Statistics.DurationsAsync(scope, Granularity.Day, "2026-11-23", "2026-11-23")).Where(r => r.Metric == (long)metric))
        {
            histogram.Add((int)row.Bucket, row.Count);
        }

        return histogram;
    }

    private async Task<List<string>> SnapshotAsync()
    {
        await using var connection = await _database.OpenAsync();
        var totals = await connection.QueryAsync<string>(
            "SELECT scope || '|' || CAST(granularity AS VARCHAR(2)) || '|' || period || '|' || CAST(sent AS VARCHAR(20)) || '|' || CAST(received AS VARCHAR(20)) || '|' || CAST(failed AS VARCHAR(20)) FROM stats_totals ORDER BY scope, granularity, period");
        var durations = await connection.QueryAsync<string>(
            "SELECT scope || '|' || CAST(granularity AS VARCHAR(2)) || '|' || period || '|' || CAST(metric AS VARCHAR(2)) || '|' || CAST(bucket AS VARCHAR(5)) || '|' || CAST(count AS VARCHAR(20)) FROM stats_durations ORDER BY scope, granularity, period, metric, bucket");
        return [.. totals, .. durations];
    }
}

[TestClass]
public sealed class SqliteStatisticsTests : StatisticsBehaviour
{
    protected override Task<Database> CreateDatabaseAsync() =>
        Task.FromResult<Database>(new SqliteDatabase(Path.Combine(Path.GetTempPath(), "docaxis-tests", $"stats-{Guid.NewGuid():N}", "hub.db")));
}

[TestClass]
public sealed class PostgresStatisticsTests : StatisticsBehaviour
{
    protected override async Task<Database> CreateDatabaseAsync() => new PostgresDatabase(await TestDatabases.NewPostgresAsync("stats"));
}
