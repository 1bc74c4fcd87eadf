using System.Diagnostics;
using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Signing;
using DocAxis.Crypto.Trust;
using GovernmentLevel = DocAxis.Core.Agencies.GovernmentLevel;

namespace DocAxis.Cli.Demo;

/// <summary>
/// <c>docaxis demo --federation</c>: a national hub and two provincial hubs on loopback, each with
/// its nodes and database. A commune hosted by Nghệ An's platform node sends a signed letter to
/// Hà Tĩnh's Department of Home Affairs; it travels node, Nghệ An's hub, the national hub, Hà
/// Tĩnh's hub, node; the department reports 01, 03 and 06, which travel back the same way. Every
/// claim is checked: the signature at the last node, each hop's signed acceptance and the receipt
/// in the commune's trace, the statuses.
/// </summary>
public sealed class FederationDemo(Action<string> progress, TimeProvider time)
{
    public const string NationalHub = "hub.quoc-gia";
    public const string NgheAnHub = "hub.h40";
    public const string HaTinhHub = "hub.h42";

    public static readonly LocalAgency Ministry = new(AgencyCode.Parse("000.00.00.G22"), "Văn phòng Chính phủ", GovernmentLevel.Central);
    public static readonly LocalAgency NgheAn = new(AgencyCode.Parse("000.00.00.H40"), "Ủy ban nhân dân tỉnh Nghệ An", GovernmentLevel.Province);
    public static readonly LocalAgency Commune = new(
        AgencyCode.Parse("000.01.31.H40"), "Ủy ban nhân dân xã Nghi Phong", GovernmentLevel.Commune, NgheAn.Code, HostedBy: NgheAn.Code);
    public static readonly LocalAgency Department = new(AgencyCode.Parse("000.00.12.H42"), "Sở Nội vụ tỉnh Hà Tĩnh", GovernmentLevel.Province);

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public async Task<DemoResult> RunAsync(string root, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        await using var federation = LoopbackFederation.Create(
            root,
            new LoopbackFederation.Member(NationalHub, "Trục liên thông văn bản quốc gia", [Ministry]),
            [
                new LoopbackFederation.Member(NgheAnHub, "Nền tảng LGSP tỉnh Nghệ An", [NgheAn, Commune]),
                new LoopbackFederation.Member(HaTinhHub, "Nền tảng LGSP tỉnh Hà Tĩnh", [Department]),
            ],
            time);
        federation.ConfigureHubs(hub => hub["Hub:Federation:PollInterval"] = "00:00:00.300");
        foreach (var hub in federation.Hubs)
        {
            hub.UsePlatforms = true;
        }

        progress($"One development PKI in {federation.National.Pki.Root}: a root every hub trusts, 3 hubs, 4 agencies");
        await federation.StartAsync();
        progress($"National hub {NationalHub} and provincial hubs {NgheAnHub}, {HaTinhHub} running with their nodes; each provincial hub routes what it does not host through the national hub");

        var ngheAn = federation.Provinces[0];
        var haTinh = federation.Provinces[1];
        var commune = new DmsClient(ngheAn.Dms(Commune.Code));
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(root, "outgoing")).FullName, "cong-van-15-UBND.pdf");
        DemoFiles.WritePdf(file, "Cong van so 15/UBND (DocAxis federation demo)", paddingBytes: 256 * 1024);
        var sent = await commune.SendAsync(Commune.Code.Value, Letter(), [file], cancellationToken);
        progress($"{Commune.Code} ({Commune.Name}) handed over letter {sent.EnvelopeId} for {Department.Code} ({Department.Name}), on Nghệ An's platform node");

        var trace = await WaitForAsync(commune, sent.EnvelopeId, t => Recipient(t)?.State == DeliveryState.Delivered, cancellationToken);
        progress($"Delivered: {NgheAnHub} -> {NationalHub} -> {HaTinhHub} -> the department's node; the receipt came back to the commune");

        var department = new DmsClient(haTinh.Dms(Department.Code));
        var fetched = await department.FetchAsync(Department.Code.Value, sent.EnvelopeId, folder: null, cancellationToken);
        await department.ReportAsync(Department.Code.Value, sent.EnvelopeId, "01", "Đã nhận văn bản", "Văn thư");
        await department.ReportAsync(Department.Code.Value, sent.EnvelopeId, "03", "Đã vào sổ văn bản đến", "Văn thư");
        await department.ReportAsync(Department.Code.Value, sent.EnvelopeId, "06", "Đã xử lý xong", "Chuyên viên");
        progress("The department's DMS fetched the letter and reported 01 arrived, 03 registered, 06 completed");
        trace = await WaitForAsync(commune, sent.EnvelopeId, t => Recipient(t)?.Timeline.Any(e => e.StatusCode == "06") == true, cancellationToken);

        var acceptance = (await commune.TraceAsync(Commune.Code.Value, sent.EnvelopeId)).Acceptance;
        var checks = await CheckAsync(federation, sent, acceptance, fetched, trace, cancellationToken);
        return new DemoResult(sent.EnvelopeId, Path.GetFullPath(root), Path.GetFullPath(root), fetched.Bytes, trace, checks, clock.Elapsed);
    }

    private static async Task<List<DemoCheck>> CheckAsync(
        LoopbackFederation federation, SendLetterResponse sent, SignedAcceptance? acceptance, FetchedLetter fetched, LetterTrace? trace, CancellationToken cancellationToken)
    {
        var verifier = new SignatureVerifier(new CertificateValidator(TrustStore.Load([federation.National.Pki.TrustAnchorPath], [])), TimeProvider.System, TimeSpan.FromMinutes(5));
        string Signer(ByteStringPair signed)
        {
            try
            {
                return verifier.Verify(signed.Body, signed.Signature, "signed").Identity ?? "no identity";
            }
            catch (Core.RefusalException e)
            {
                return $"invalid ({e.Message})";
            }
        }

        var recipient = trace is null ? null : Recipient(trace);
        var timeline = recipient?.Timeline ?? [];
        var hops = timeline.Where(e => e.Kind == TraceEventKind.Forwarded && e.HopAcceptance is not null)
            .Select(e => Signer(new(e.HopAcceptance.Body.ToByteArray(), e.HopAcceptance.Signature.ToByteArray()))).ToList();
        var first = acceptance is null ? "no acceptance" : Signer(new(acceptance.Body.ToByteArray(), acceptance.Signature.ToByteArray()));
        var path = new[] { first }.Concat(hops).ToList();
        var manifestSigner = Signer(new(fetched.Letter.SignedManifest.Manifest.ToByteArray(), fetched.Letter.SignedManifest.Signature.ToByteArray()));
        var receiptSigner = recipient?.Receipt is { } receipt ? Signer(new(receipt.Body.ToByteArray(), receipt.Signature.ToByteArray())) : "none";
        var held = new List<string>();
        foreach (var hub in federation.Hubs)
        {
            var at = await new TraceService.TraceServiceClient(hub.Clients.Operator()).GetTraceAsync(new GetTraceRequest { EnvelopeId = sent.EnvelopeId }, cancellationToken: cancellationToken);
            held.Add($"{hub.HubIdentity}: {at.Recipients.Single().State}");
        }

        return
        [
            new("The department's node holds the commune's manifest bytes and signature unchanged, and they verify as the commune's",
                fetched.Letter.SignedManifest.Manifest == sent.SignedManifest.Manifest && fetched.Letter.SignedManifest.Signature == sent.SignedManifest.Signature
                    && manifestSigner == Commune.Code.Value && fetched.AttachmentsVerified,
                $"signed by {manifestSigner}, {fetched.Bytes} bytes of attachments checked"),
            new("Each hub on the path signed its acceptance, and every one is in the commune's trace",
                path.SequenceEqual([NgheAnHub, NationalHub, HaTinhHub]), string.Join(" -> ", path)),
            new("The department's signed delivery receipt came back to the commune", receiptSigner == Department.Code.Value, $"signed by {receiptSigner}"),
            new("01, 03 and 06 came back along the same path",
                new[] { "01", "03", "06" }.All(code => timeline.Any(e => e.Kind == TraceEventKind.Status && e.StatusCode == code)) && recipient?.Reports.Count == 3,
                $"{recipient?.Reports.Count ?? 0} signed status reports; status {recipient?.StatusCode}"),
            new("Every hub holds the letter under the one envelope id", held.Count == 3 && held.All(h => h.EndsWith("Delivered", StringComparison.Ordinal)), string.Join("; ", held)),
        ];
    }

    private sealed record ByteStringPair(byte[] Body, byte[] Signature);

    private Manifest Letter() => new()
    {
        Recipients = { new AgencyRef { Code = Department.Code.Value, Name = Department.Name } },
        Code = new DocumentCode { Number = "15", Notation = "UBND" },
        IssueDate = time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        IssuePlace = "Nghi Phong",
        DocumentType = new DocumentType { Code = "CV", Name = "Công văn" },
        Subject = "V/v phối hợp xác minh hồ sơ công dân",
        Signer = new SignerInfo { FullName = "Trần Thị Bình", Position = "Chủ tịch" },
        Attachments = { new Attachment { Name = "cong-van-15-UBND.pdf", MediaType = "application/pdf", Description = "Công văn" } },
    };

    private static RecipientTrace? Recipient(LetterTrace trace) => trace.Recipients.FirstOrDefault(r => r.RecipientCode == Department.Code.Value);

    private async Task<LetterTrace?> WaitForAsync(DmsClient sender, string envelopeId, Func<LetterTrace, bool> done, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + Patience;
        LetterTrace? last = null;
        while (time.GetUtcNow() < deadline)
        {
            last = (await sender.TraceAsync(Commune.Code.Value, envelopeId)).Trace ?? last;
            if (last is not null && done(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
        }

        return last;
    }
}
