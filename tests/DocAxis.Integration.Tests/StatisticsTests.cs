using System.Globalization;
using System.Text.Json;
using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// The exchange statistics over real gRPC and with <c>docaxis stats</c>: letters counted once for
/// their sender and each delivery for its recipient, per agency, level and nation; paper counts
/// reported through the node and the electronic share they give; refusals that store nothing.
/// </summary>
[TestClass]
public sealed class StatisticsTests
{
    private static TestAxis _axis = null!;
    private static string _today = "";
    private static string _month = "";
    private static string[] _operator = [];

    [ClassInitialize]
    public static async Task ExchangeLetters(TestContext context)
    {
        _axis = TestAxis.Create("statistics");
        _axis.Axis.HubOverrides["Hub:Statistics:SettleTime"] = "00:00:00";
        _axis.Axis.HubOverrides["Hub:Statistics:Interval"] = "01:00:00";
        await _axis.StartAsync();
        var local = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(7));
        _today = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        _month = local.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        _operator = ["--hub", _axis.Axis.HubEndpoint.ToString(), "--pki", _axis.Axis.Pki.Root];

        // The Government Office (central) writes to both provinces; the first province answers it.
        var sender = new DmsClient(_axis.Axis.Dms(TestAxis.Sender.Code));
        var first = new DmsClient(_axis.Axis.Dms(TestAxis.First.Code));
        var toBoth = (await sender.SendAsync(TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First, TestAxis.Second]), [])).EnvelopeId;
        var answer = (await first.SendAsync(TestAxis.First.Code.Value, TestLetters.Draft([TestAxis.Sender]), [])).EnvelopeId;
        await Traces.WaitAsync(sender, toBoth, t => Traces.IsDelivered(t, TestAxis.First) && Traces.IsDelivered(t, TestAxis.Second), "delivered to both");
        await Traces.WaitAsync(first, TestAxis.First, answer, t => Traces.IsDelivered(t, TestAxis.Sender), "the answer is delivered");
        await first.ReportAsync(TestAxis.First.Code.Value, toBoth, "01", "Đã nhận");
        await first.ReportAsync(TestAxis.First.Code.Value, toBoth, "06", "Đã xử lý xong");
        await Traces.WaitAsync(sender, toBoth, t => Traces.HasStatus(t, TestAxis.First, "06"), "the statuses are recorded");

        // The Government Office still sent 3 documents on paper this month (through its node).
        await sender.Raw.ReportPaperAsync(new PaperReport { AgencyCode = TestAxis.Sender.Code.Value, Month = _month, PaperSent = 3 });
        var (exit, refreshed) = await CommandLine.RunAsync(["stats", "refresh", .. _operator]);
        Assert.AreEqual(0, exit, refreshed.ToString());
    }

    [ClassCleanup]
    public static async Task Stop() => await _axis.DisposeAsync();

    [TestMethod]
    public async Task EachLetterCountsOnceForItsSenderAndEachDeliveryForItsRecipient()
    {
        var national = await ShowAsync("--by", "day");
        Assert.AreEqual((2L, 3L, 0L), Figures(Today(national)), "two letters, three deliveries");

        var office = await ShowAsync("--agency", TestAxis.Sender.Code.Value);
        Assert.AreEqual((1L, 1L, 0L), Figures(Today(office)));
        var provinces = await ShowAsync("--level", "province", "--by", "year");
        Assert.AreEqual((1L, 2L, 0L), Figures(Today(provinces)), "one answer sent, two deliveries received at province level");
        Assert.AreEqual("level:province", provinces.GetProperty("scope").GetString());

        var first = Today(await ShowAsync("--agency", TestAxis.First.Code.Value, "--by", "day"));
        Assert.AreEqual(1L, Number(first.GetProperty("delivery"), "count"));
        Assert.AreEqual(1L, Number(first.GetProperty("arrival"), "count"));
        Assert.AreEqual(1L, Number(first.GetProperty("completion"), "count"));
        Assert.IsGreaterThan(0.0, first.GetProperty("completion").GetProperty("p50_ms").GetDouble());
    }

    [TestMethod]
    public async Task ThePaperCountGivesTheShareOfElectronicExchange()
    {
        var office = Today(await ShowAsync("--agency", TestAxis.Sender.Code.Value, "--by", "quarter"));
        Assert.IsTrue(office.GetProperty("paper_reported").GetBoolean());
        Assert.AreEqual(3L, Number(office, "paper_sent"));
        Assert.AreEqual(0.25, office.GetProperty("electronic_share").GetDouble(), 1e-9, "1 electronic / (1 + 3 on paper)");

        var day = Today(await ShowAsync("--agency", TestAxis.Sender.Code.Value, "--by", "day"));
        Assert.IsFalse(day.TryGetProperty("electronic_share", out _), "paper is reported per month, so a day has no share");
        var quiet = Today(await ShowAsync("--agency", TestAxis.Second.Code.Value));
        Assert.IsFalse(quiet.TryGetProperty("electronic_share", out _), "no paper report, no share");
    }

    [TestMethod]
    public async Task APaperReportThroughTheCommandLineReplacesTheEarlierOneAndIsAudited()
    {
        string[] second = ["--node", _axis.Axis.DmsEndpoint(TestAxis.Second.Code).ToString(), "--agency", TestAxis.Second.Code.Value, "--token", _axis.Axis.DmsToken(TestAxis.Second.Code)];
        var (exit, ack) = await CommandLine.RunAsync(["stats", "report-paper", .. second, "--month", _month, "--paper", "9"]);
        Assert.AreEqual(0, exit, ack.ToString());
        (exit, ack) = await CommandLine.RunAsync(["stats", "report-paper", .. second, "--month", _month, "--paper", "4"]);
        Assert.AreEqual(0, exit, ack.ToString());

        Assert.IsTrue(ack.GetProperty("replaced").GetBoolean());
        Assert.AreEqual(9L, Number(ack, "previous_paper_sent"));
        Assert.AreEqual(4L, Number(Today(await ShowAsync("--agency", TestAxis.Second.Code.Value)), "paper_sent"));
        await Eventually.WaitAsync(
            () => Task.FromResult(_axis.HubDatabase.AuditEntries(actor: TestAxis.Second.Code.Value)),
            entries => entries.Count(e => e.Contains("ReportPaper", StringComparison.Ordinal)) == 2, "both reports are in the exchange log");
    }

    [TestMethod]
    public async Task AnAgencyMayReportPaperOnlyForItself()
    {
        var office = new StatisticsService.StatisticsServiceClient(_axis.Axis.Clients.Agency(TestAxis.Sender.Code));

        await Refusals.AssertRefusedAsync(
            () => office.ReportPaperAsync(new PaperReport { AgencyCode = TestAxis.First.Code.Value, Month = _month, PaperSent = 50 }).ResponseAsync,
            StatusCode.PermissionDenied, RefusalReason.AccessDenied);
        Assert.AreEqual(0L, PaperRows(TestAxis.First.Code.Value));
    }

    [TestMethod]
    public async Task MalformedPaperReportsAreRefusedWithTheirFieldAndStoreNothing()
    {
        var operatorClient = new StatisticsService.StatisticsServiceClient(_axis.Axis.Clients.Operator());
        var nextMonth = TimeProvider.System.GetUtcNow().ToOffset(TimeSpan.FromHours(7)).AddMonths(1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var cases = new (PaperReport Report, StatusCode Code, RefusalReason Reason)[]
        {
            (new() { AgencyCode = TestAxis.First.Code.Value, Month = "2026-13", PaperSent = 1 }, StatusCode.InvalidArgument, RefusalReason.FieldInvalid),
            (new() { AgencyCode = TestAxis.First.Code.Value, Month = nextMonth, PaperSent = 1 }, StatusCode.InvalidArgument, RefusalReason.FieldInvalid),
            (new() { AgencyCode = TestAxis.First.Code.Value, Month = _month, PaperSent = 20_000_000 }, StatusCode.InvalidArgument, RefusalReason.FieldInvalid),
            (new() { AgencyCode = "000.00.00.H99", Month = _month, PaperSent = 1 }, StatusCode.NotFound, RefusalReason.AgencyUnknown),
            (new() { AgencyCode = "not-a-code", Month = _month, PaperSent = 1 }, StatusCode.InvalidArgument, RefusalReason.AgencyCodeMalformed),
        };
        foreach (var (report, code, reason) in cases)
        {
            await Refusals.AssertRefusedAsync(() => operatorClient.ReportPaperAsync(report).ResponseAsync, code, reason);
        }

        Assert.AreEqual(0L, PaperRows(TestAxis.First.Code.Value) + PaperRows("000.00.00.H99"));
    }

    [TestMethod]
    public async Task OnlyAnOperatorMayRefreshAndBadRangesAreRefused()
    {
        var agency = new StatisticsService.StatisticsServiceClient(_axis.Axis.Clients.Agency(TestAxis.First.Code));
        await Refusals.AssertRefusedAsync(
            () => agency.RefreshStatisticsAsync(new RefreshStatisticsRequest { Full = true }).ResponseAsync, StatusCode.PermissionDenied, RefusalReason.AccessDenied);
        await Refusals.AssertRefusedAsync(
            () => agency.GetStatisticsAsync(new StatisticsQuery { National = true, From = "2026-02-01", To = "2026-01-01" }).ResponseAsync,
            StatusCode.InvalidArgument, RefusalReason.FieldInvalid);
        await Refusals.AssertRefusedAsync(
            () => agency.GetStatisticsAsync(new StatisticsQuery { National = true, Granularity = Granularity.Day, From = "2000-01-01" }).ResponseAsync,
            StatusCode.ResourceExhausted, RefusalReason.LimitExceeded);
        var readable = await agency.GetStatisticsAsync(new StatisticsQuery { AgencyCode = TestAxis.Sender.Code.Value });
        Assert.HasCount(12, readable.Periods, "any agency may read the figures: twelve months by default");
    }

    [TestMethod]
    public async Task ARefreshCountsOnlyWhatIsNewAndAFullRecomputationFindsTheSame()
    {
        var before = Figures(Today(await ShowAsync("--by", "month")));
        var (_, incremental) = await CommandLine.RunAsync(["stats", "refresh", .. _operator]);
        var (_, full) = await CommandLine.RunAsync(["stats", "refresh", "--full", .. _operator]);

        Assert.IsLessThan(Number(full, "events"), Number(incremental, "events"), "an incremental run reads only events recorded since the last one");
        Assert.AreEqual(Number(incremental, "last_event_id"), Number(full, "last_event_id"));
        Assert.AreEqual(before, Figures(Today(await ShowAsync("--by", "month"))), "recounting everything gives the same figures");
    }

    private static async Task<JsonElement> ShowAsync(params string[] args)
    {
        var (exit, report) = await CommandLine.RunAsync(["stats", "show", .. _operator, "--to", _today, .. args]);
        Assert.AreEqual(0, exit, report.ToString());
        return report;
    }

    private static JsonElement Today(JsonElement report) => report.GetProperty("periods").EnumerateArray().Last();

    private static (long Sent, long Received, long Failed) Figures(JsonElement period) =>
        (Number(period, "sent"), Number(period, "received"), Number(period, "failed"));

    /// <summary>A protobuf JSON integer: written as a string for 64 bits, left out when zero.</summary>
    private static long Number(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? 0
        : value.ValueKind == JsonValueKind.String ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture)
        : value.GetInt64();

    private static long PaperRows(string agency) =>
        _axis.HubDatabase.Scalar($"SELECT COUNT(*) FROM paper_reports WHERE agency_code = '{agency}'");
}
