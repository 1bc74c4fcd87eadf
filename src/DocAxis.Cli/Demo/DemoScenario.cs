using System.Diagnostics;
using System.Globalization;
using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Core.Agencies;
using Google.Protobuf.WellKnownTypes;
using GovernmentLevel = DocAxis.Core.Agencies.GovernmentLevel;

namespace DocAxis.Cli.Demo;

/// <summary>
/// The demo: a hub and three agency nodes on loopback with real TLS; the Government Office sends one
/// signed letter with a multi-megabyte scanned annex to Nghệ An's People's Committee and its
/// Department of Home Affairs while the department's node is offline; the department comes up and
/// the hub's retry delivers; both DMSs fetch the letter and report 01 arrived and 06 completed.
/// Then a DMS that speaks only edXML sends a package back, and the recipient exports the same package.
/// Every claim is checked against the hub's trace, not assumed.
/// </summary>
public sealed class DemoScenario(Action<string> progress, TimeProvider time)
{
    public static readonly LocalAgency Sender = new(AgencyCode.Parse("000.00.00.G22"), "Văn phòng Chính phủ", GovernmentLevel.Central);
    public static readonly LocalAgency Province = new(AgencyCode.Parse("000.00.00.H41"), "Ủy ban nhân dân tỉnh Nghệ An", GovernmentLevel.Province);
    public static readonly LocalAgency Department = new(AgencyCode.Parse("000.00.12.H41"), "Sở Nội vụ tỉnh Nghệ An", GovernmentLevel.Province, Province.Code);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <param name="whileRunning">Given, it runs with the axis still up once the checks are done (the demo's consoles), and the axis stops after it.</param>
    public async Task<DemoResult> RunAsync(
        string root, int annexMegabytes, CancellationToken cancellationToken = default, Func<LoopbackAxis, DemoResult, Task>? whileRunning = null)
    {
        var clock = Stopwatch.StartNew();
        await using var axis = LoopbackAxis.Create(root, [Sender, Province, Department], time);
        progress($"Development PKI in {axis.Pki.Root}: root CA, hub, operator, and TLS + signing certificates for 3 agencies");
        // Short retry delays so the demo shows a retry within seconds rather than minutes.
        axis.HubOverrides["Hub:Delivery:InitialDelay"] = "00:00:01";
        axis.HubOverrides["Hub:Delivery:MaxDelay"] = "00:00:03";
        axis.HubOverrides["Hub:Delivery:PollInterval"] = "00:00:00.500";
        axis.NodeOverrides["Node:Outbox:InitialDelay"] = "00:00:01";
        axis.NodeOverrides["Node:Outbox:PollInterval"] = "00:00:00.500";
        // One machine, one SQLite writer: events commit in id order, so statistics need not wait.
        axis.HubOverrides["Hub:Statistics:SettleTime"] = "00:00:00";

        await axis.StartHubAsync();
        await axis.RegisterAgenciesAsync();
        progress($"Hub listening on {axis.HubEndpoint} (mutual TLS); directory holds {Sender.Code}, {Province.Code}, {Department.Code}");
        await axis.StartNodeAsync(Sender.Code);
        await axis.StartNodeAsync(Province.Code);
        progress($"Nodes of {Sender.Code} and {Province.Code} running; {Department.Code} is offline");

        var files = WriteAttachments(axis.Root, annexMegabytes);
        var bytes = files.Sum(f => new FileInfo(f).Length);
        var sender = new DmsClient(axis.Dms(Sender.Code));
        var sent = await sender.SendAsync(Sender.Code.Value, Letter(), files, cancellationToken);
        progress($"{Sender.Code}'s DMS handed over letter {sent.EnvelopeId} with {files.Count} attachments ({bytes / (1024.0 * 1024):F1} MB); the node signed and queued it");

        var trace = await WaitForAsync(sender, sent.EnvelopeId, t =>
            Delivered(t, Province.Code) && Recipient(t, Department.Code)?.Timeline.Any(e => e.Kind == TraceEventKind.AttemptFailed) == true, cancellationToken);
        progress($"Hub accepted it; delivered to {Province.Code}; delivery to {Department.Code} failed while its node is offline, retry scheduled");

        await axis.StartNodeAsync(Department.Code);
        trace = await WaitForAsync(sender, sent.EnvelopeId, t => Delivered(t, Department.Code), cancellationToken);
        progress($"{Department.Code}'s node came up; the hub's retry job delivered the letter");

        var fetched = new List<(AgencyCode Code, FetchedLetter Letter)>();
        foreach (var recipient in new[] { Province, Department })
        {
            var dms = new DmsClient(axis.Dms(recipient.Code));
            var letter = await dms.FetchAsync(recipient.Code.Value, sent.EnvelopeId, folder: null, cancellationToken);
            fetched.Add((recipient.Code, letter));
            await dms.ReportAsync(recipient.Code.Value, sent.EnvelopeId, "01", "Đã nhận văn bản", "Văn thư");
            await dms.ReportAsync(recipient.Code.Value, sent.EnvelopeId, "03", "Đã vào sổ văn bản đến", "Văn thư");
            await dms.ReportAsync(recipient.Code.Value, sent.EnvelopeId, "06", "Đã xử lý xong", "Chuyên viên");
        }

        progress("Both recipients' DMSs fetched the letter, checked every attachment digest, and reported 01 arrived, 03 registered, 06 completed");
        trace = await WaitForAsync(sender, sent.EnvelopeId, t => HasStatus(t, Province.Code, "06") && HasStatus(t, Department.Code, "06"), cancellationToken);

        var statistics = await StatisticsAsync(axis, sender, cancellationToken);
        progress($"{Sender.Code} reported {PaperSent} document sent on paper this month; the statistics job counted the exchange");

        var edxml = await DemoEdXml.RunAsync(axis, Province, Sender, progress, time, cancellationToken);
        var checks = Check(trace, fetched);
        checks.Add(CheckStatistics(statistics));
        checks.Add(edxml);
        var result = new DemoResult(sent.EnvelopeId, axis.Root, axis.LogDirectory, bytes, trace, checks, clock.Elapsed, statistics);
        if (whileRunning is not null)
        {
            await whileRunning(axis, result);
        }

        return result;
    }

    private const ulong PaperSent = 1;

    /// <summary>The sender reports its paper count for the month; the operator has the figures brought up to date and reads the country's.</summary>
    private async Task<StatisticsReport> StatisticsAsync(LoopbackAxis axis, DmsClient sender, CancellationToken cancellationToken)
    {
        // The hub counts periods in its civil time zone (the default, which the demo keeps).
        var today = new Core.Statistics.StatisticsCalendar(new Hub.Options.StatisticsOptions().UtcOffset).LocalDate(time.GetUtcNow());
        await sender.Raw.ReportPaperAsync(
            new PaperReport { AgencyCode = Sender.Code.Value, Month = Core.Statistics.StatisticsCalendar.Name(today, Core.Statistics.Granularity.Month), PaperSent = PaperSent },
            cancellationToken: cancellationToken);
        var statistics = new StatisticsService.StatisticsServiceClient(axis.Clients.Operator());
        await statistics.RefreshStatisticsAsync(new RefreshStatisticsRequest(), cancellationToken: cancellationToken);
        var day = Core.Statistics.StatisticsCalendar.Name(today, Core.Statistics.Granularity.Day);
        return await statistics.GetStatisticsAsync(
            new StatisticsQuery { National = true, Granularity = Granularity.Month, From = day, To = day }, cancellationToken: cancellationToken);
    }

    private static DemoCheck CheckStatistics(StatisticsReport report)
    {
        var month = report.Periods.Count == 1 ? report.Periods[0] : null;
        var expectedShare = 1.0 / (1 + PaperSent);
        return new(
            "The statistics count 1 letter sent, 2 received, 0 failed, and the electronic share with the paper count",
            month is { Sent: 1, Received: 2, Failed: 0, PaperReported: true } && month.ElectronicShare is { } share && Math.Abs(share - expectedShare) < 1e-9 && month.Delivery.Count == 2,
            month is null ? "no figures" : $"{month.Period}: sent {month.Sent}, received {month.Received}, paper {month.PaperSent}, share {month.ElectronicShare:P0}, deliveries timed {month.Delivery.Count}");
    }

    private Manifest Letter() => new()
    {
        Recipients =
        {
            new AgencyRef { Code = Province.Code.Value, Name = Province.Name },
            new AgencyRef { Code = Department.Code.Value, Name = Department.Name },
        },
        Code = new DocumentCode { Number = "123", Notation = "VPCP-KSTT" },
        IssueDate = time.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IssuePlace = "Hà Nội",
        DocumentType = new DocumentType { Code = "CV", Name = "Công văn" },
        Subject = "V/v triển khai liên thông văn bản điện tử qua Trục DocAxis",
        Summary = "Đề nghị các cơ quan, đơn vị triển khai gửi, nhận văn bản điện tử có ký số.",
        Signer = new SignerInfo { FullName = "Nguyễn Văn An", Position = "Phó Chủ nhiệm", Competence = "KT. BỘ TRƯỞNG, CHỦ NHIỆM" },
        Urgency = Urgency.Urgent,
        Attachments =
        {
            new Attachment { Name = "cong-van-123-VPCP-KSTT.pdf", MediaType = "application/pdf", Description = "Công văn" },
            new Attachment { Name = "phu-luc-ban-scan.pdf", MediaType = "application/pdf", Description = "Phụ lục (bản scan)" },
        },
    };

    private static List<string> WriteAttachments(string root, int annexMegabytes)
    {
        var folder = Directory.CreateDirectory(Path.Combine(root, "outgoing")).FullName;
        var letter = Path.Combine(folder, "cong-van-123-VPCP-KSTT.pdf");
        var annex = Path.Combine(folder, "phu-luc-ban-scan.pdf");
        DemoFiles.WritePdf(letter, "Cong van so 123/VPCP-KSTT (DocAxis demo)", paddingBytes: 0);
        DemoFiles.WritePdf(annex, "Phu luc - ban scan (DocAxis demo)", paddingBytes: annexMegabytes * 1024L * 1024L);
        return [letter, annex];
    }

    private async Task<LetterTrace?> WaitForAsync(DmsClient sender, string envelopeId, Func<LetterTrace, bool> done, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + Patience;
        LetterTrace? last = null;
        while (time.GetUtcNow() < deadline)
        {
            var answer = await sender.TraceAsync(Sender.Code.Value, envelopeId);
            last = answer.Trace ?? last;
            if (last is not null && done(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
        }

        return last;
    }

    private static List<DemoCheck> Check(LetterTrace? trace, List<(AgencyCode Code, FetchedLetter Letter)> fetched)
    {
        var province = trace is null ? null : Recipient(trace, Province.Code);
        var department = trace is null ? null : Recipient(trace, Department.Code);
        return
        [
            new("The hub accepted the signed letter and returned a signed receipt", trace?.AcceptedAt is not null, trace?.AcceptedAt?.ToString() ?? "no acceptance"),
            new($"{Province.Code} received it on the first attempt", Delivered(province) && AttemptOf(province, TraceEventKind.Delivered) == 1, Summary(province)),
            new($"{Department.Code} failed while offline, then got it on a retry",
                Delivered(department) && department!.Timeline.Any(e => e.Kind == TraceEventKind.AttemptFailed) && AttemptOf(department, TraceEventKind.Delivered) > 1,
                Summary(department)),
            new("Each recipient's DMS fetched every attachment intact (SHA-256 as signed)",
                fetched.Count == 2 && fetched.All(f => f.Letter.AttachmentsVerified), string.Join("; ", fetched.Select(f => $"{f.Code}: {f.Letter.Bytes} bytes"))),
            new("Each timeline runs accepted -> delivered -> 01 arrived -> 06 completed", InOrder(province) && InOrder(department), $"{Summary(province)} | {Summary(department)}"),
        ];
    }

    private static RecipientTrace? Recipient(LetterTrace trace, AgencyCode code) => trace.Recipients.FirstOrDefault(r => r.RecipientCode == code.Value);

    private static bool Delivered(LetterTrace trace, AgencyCode code) => Delivered(Recipient(trace, code));

    private static bool Delivered(RecipientTrace? recipient) => recipient?.State == DeliveryState.Delivered;

    private static bool HasStatus(LetterTrace trace, AgencyCode code, string status) =>
        Recipient(trace, code)?.Timeline.Any(e => e.Kind == TraceEventKind.Status && e.StatusCode == status) == true;

    private static uint AttemptOf(RecipientTrace? recipient, TraceEventKind kind) =>
        recipient?.Timeline.FirstOrDefault(e => e.Kind == kind)?.Attempt ?? 0;

    private static bool InOrder(RecipientTrace? recipient)
    {
        if (recipient is null)
        {
            return false;
        }

        Timestamp? At(Func<TraceEvent, bool> which) => recipient.Timeline.FirstOrDefault(which)?.At;
        var steps = new[]
        {
            At(e => e.Kind == TraceEventKind.Accepted),
            At(e => e.Kind == TraceEventKind.Delivered),
            At(e => e.Kind == TraceEventKind.Status && e.StatusCode == "01"),
            At(e => e.Kind == TraceEventKind.Status && e.StatusCode == "06"),
        };
        return steps.All(s => s is not null) && steps.Zip(steps.Skip(1)).All(p => p.First! <= p.Second!);
    }

    private static string Summary(RecipientTrace? recipient) =>
        recipient is null ? "no trace" : $"{recipient.RecipientCode}: {recipient.State}, {recipient.Attempts} attempt(s), status {recipient.StatusCode}";
}
