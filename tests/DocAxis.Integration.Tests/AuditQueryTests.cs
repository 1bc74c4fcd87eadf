using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Reading the exchange log over gRPC and with <c>docaxis audit query</c>: auditors see every
/// entry, an agency only those about its own letters; filters, paging and the CSV and JSON Lines
/// exports return the same entries.
/// </summary>
[TestClass]
public sealed class AuditQueryTests
{
    private static TestAxis _axis = null!;
    private static string _toFirst = "";
    private static string _toSender = "";

    [ClassInitialize]
    public static async Task ExchangeTwoLetters(TestContext context)
    {
        _axis = TestAxis.Create("audit-query");
        await _axis.StartAsync();
        var sender = new DmsClient(_axis.Axis.Dms(TestAxis.Sender.Code));
        var first = new DmsClient(_axis.Axis.Dms(TestAxis.First.Code));
        _toFirst = (await sender.SendAsync(TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First]), [])).EnvelopeId;
        _toSender = (await first.SendAsync(TestAxis.First.Code.Value, TestLetters.Draft([TestAxis.Sender]), [])).EnvelopeId;
        await Traces.WaitAsync(sender, _toFirst, t => Traces.IsDelivered(t, TestAxis.First), "the first letter is delivered");
        await Traces.WaitAsync(first, TestAxis.First, _toSender, t => Traces.IsDelivered(t, TestAxis.Sender), "the second letter is delivered");
        await first.ReportAsync(TestAxis.First.Code.Value, _toFirst, "01", "Đã nhận");
        await Traces.WaitAsync(sender, _toFirst, t => Traces.HasStatus(t, TestAxis.First, "01"), "the status is recorded");
        await Eventually.WaitAsync(
            () => QueryAsync(_axis.Axis.Clients.Auditor(), new AuditQueryRequest { EnvelopeId = _toFirst, Action = "ReportStatus" }),
            entries => entries.Count == 1, "the audit writer has flushed the status");
    }

    [ClassCleanup]
    public static async Task Stop() => await _axis.DisposeAsync();

    [TestMethod]
    public async Task AnAuditorSeesEveryLettersStoryInOrder()
    {
        var all = await QueryAsync(_axis.Axis.Clients.Auditor(), new AuditQueryRequest());

        var actions = all.Where(e => e.EnvelopeId == _toFirst).Select(e => $"{e.Action} {e.Outcome}").ToList();
        CollectionAssert.AreEqual(new[] { "Submit accepted", "Deliver delivered", "ReportStatus recorded" }, actions);
        Assert.IsTrue(all.Any(e => e.EnvelopeId == _toSender), "the other letter is there too");
        Assert.IsTrue(all.Any(e => e.Action == "PutAgency"), "directory changes are there");
        CollectionAssert.AreEqual(all.Select(e => e.Seq).Order().ToList(), all.Select(e => e.Seq).ToList(), "oldest first");
        Assert.IsTrue(all.All(e => e.Hash.Length == 32), "every entry carries its chain hash");
    }

    [TestMethod]
    public async Task AnAgencySeesOnlyEntriesAboutItsOwnLetters()
    {
        var second = await QueryAsync(_axis.Axis.Clients.Agency(TestAxis.Second.Code), new AuditQueryRequest());
        var first = await QueryAsync(_axis.Axis.Clients.Agency(TestAxis.First.Code), new AuditQueryRequest());

        Assert.IsFalse(second.Any(e => e.EnvelopeId == _toFirst || e.EnvelopeId == _toSender), "Second took part in neither letter");
        Assert.IsFalse(second.Any(e => e.Action == "PutAgency"), "the operator's directory changes are not an agency's business");
        Assert.IsTrue(first.Any(e => e.EnvelopeId == _toFirst) && first.Any(e => e.EnvelopeId == _toSender), "First sent one and received the other");
        var asked = await QueryAsync(_axis.Axis.Clients.Agency(TestAxis.Second.Code), new AuditQueryRequest { EnvelopeId = _toFirst });
        Assert.IsEmpty(asked, "asking for another agency's letter by id reveals nothing");
    }

    [TestMethod]
    public async Task FiltersNarrowTheEntries()
    {
        var auditor = _axis.Axis.Clients.Auditor();
        var all = await QueryAsync(auditor, new AuditQueryRequest());

        var byAction = await QueryAsync(auditor, new AuditQueryRequest { Action = "Submit" });
        Assert.HasCount(all.Count(e => e.Action == "Submit"), byAction);
        Assert.IsTrue(byAction.Count >= 2 && byAction.All(e => e.Action == "Submit"));

        var byAgency = await QueryAsync(auditor, new AuditQueryRequest { AgencyCode = TestAxis.Second.Code.Value });
        Assert.IsFalse(byAgency.Any(e => e.EnvelopeId.Length > 0), "Second has no letters");

        var middle = all[all.Count / 2].At;
        var before = await QueryAsync(auditor, new AuditQueryRequest { To = middle });
        var after = await QueryAsync(auditor, new AuditQueryRequest { From = middle });
        Assert.AreEqual(all.Count, before.Count + after.Count, "[from, to) ranges split the log without overlap");
        Assert.IsTrue(before.All(e => e.At < middle) && after.All(e => e.At >= middle));
    }

    [TestMethod]
    public async Task PagesFollowEachOtherWithoutGapsOrRepeats()
    {
        var auditor = new AuditService.AuditServiceClient(_axis.Axis.Clients.Auditor());
        var all = await QueryAsync(_axis.Axis.Clients.Auditor(), new AuditQueryRequest());
        var paged = new List<AuditEntry>();
        var request = new AuditQueryRequest { PageSize = 2 };
        var pages = 0;
        do
        {
            var page = await auditor.QueryAuditAsync(request);
            Assert.IsLessThanOrEqualTo(2, page.Entries.Count);
            paged.AddRange(page.Entries);
            request.PageToken = page.NextPageToken;
            pages++;
        }
        while (request.PageToken.Length > 0);

        Assert.IsGreaterThan(2, pages);
        CollectionAssert.AreEqual(all.Select(e => e.Seq).ToList(), paged.Select(e => e.Seq).ToList());
    }

    [TestMethod]
    public async Task ABadPageTokenOrAgencyCodeIsRefused()
    {
        var auditor = new AuditService.AuditServiceClient(_axis.Axis.Clients.Auditor());
        await Refusals.AssertRefusedAsync(
            () => auditor.QueryAuditAsync(new AuditQueryRequest { PageToken = "not-a-token" }).ResponseAsync, StatusCode.InvalidArgument, RefusalReason.FieldInvalid);
        await Refusals.AssertRefusedAsync(
            () => auditor.QueryAuditAsync(new AuditQueryRequest { AgencyCode = "G22" }).ResponseAsync, StatusCode.InvalidArgument, RefusalReason.AgencyCodeMalformed);
    }

    [TestMethod]
    public async Task TheCommandExportsCsvAndJsonLines()
    {
        var expected = await QueryAsync(_axis.Axis.Clients.Auditor(), new AuditQueryRequest { EnvelopeId = _toFirst });
        var csv = Path.Combine(_axis.Axis.Root, "audit.csv");
        var jsonl = Path.Combine(_axis.Axis.Root, "audit.jsonl");
        string[] common = ["audit", "query", "--hub", _axis.Axis.HubEndpoint.ToString(), "--pki", _axis.Axis.Pki.Root, "--envelope", _toFirst, "--all", "--page-size", "1"];

        var (csvExit, _) = await CommandLine.RunAsync([.. common, "--format", "csv", "--out", csv]);
        var (jsonlExit, _) = await CommandLine.RunAsync([.. common, "--format", "jsonl", "--out", jsonl]);
        var (jsonExit, json) = await CommandLine.RunAsync(common);

        Assert.AreEqual(0, csvExit + jsonlExit + jsonExit);
        var rows = await File.ReadAllLinesAsync(csv);
        Assert.AreEqual("seq,at,actor,action,outcome,envelope_id,reason,detail,hash", rows[0]);
        Assert.HasCount(expected.Count + 1, rows);
        StringAssert.StartsWith(rows[1], $"{expected[0].Seq},");
        StringAssert.Contains(rows[1], Convert.ToHexStringLower(expected[0].Hash.Span));
        var lines = await File.ReadAllLinesAsync(jsonl);
        CollectionAssert.AreEqual(
            expected.Select(e => e.Action).ToList(),
            lines.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("action").GetString()).ToList());
        Assert.AreEqual(expected.Count, json.GetProperty("entries").GetArrayLength());
    }

    private static async Task<List<AuditEntry>> QueryAsync(GrpcChannel channel, AuditQueryRequest request)
    {
        var client = new AuditService.AuditServiceClient(channel);
        var entries = new List<AuditEntry>();
        request.PageSize = 1000;
        do
        {
            var page = await client.QueryAuditAsync(request);
            entries.AddRange(page.Entries);
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return entries;
    }
}
