using System.Diagnostics;
using DocAxis.Benchmarks.Bench;
using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Core.Agencies;
using DocAxis.EdXml;
using DocAxis.Testing;

namespace DocAxis.Benchmarks;

/// <summary>One way of handing the node a letter: how long it took and the node's peak resident memory meanwhile.</summary>
public sealed record IntakeRun(string Way, long PackageBytes, long AttachmentBytes, double Seconds, double NodePeakRssMegabytes)
{
    public double AttachmentMegabytesPerSecond => AttachmentBytes / 1e6 / Seconds;
}

/// <summary>
/// A large edXML package imported by a real node process, beside the same attachment bytes sent
/// through the node's native DMS API in the same run: the import rate, and the node's peak memory
/// (an attachment of hundreds of MB must stream, never be held).
/// </summary>
public static class EdXmlBenchmark
{
    private static readonly LocalAgency Sender = new(AgencyCode.Parse("000.00.00.G22"), "Văn phòng Chính phủ", Core.Agencies.GovernmentLevel.Central);
    private static readonly LocalAgency Recipient = new(AgencyCode.Parse("000.00.00.H41"), "Ủy ban nhân dân tỉnh Nghệ An", Core.Agencies.GovernmentLevel.Province);

    public static async Task<IReadOnlyList<IntakeRun>> RunAsync(long packageBytes, Action<string> progress, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), $"docaxis-edxml-bench-{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            await using var axis = LoopbackAxis.Create(root, [Sender, Recipient], TimeProvider.System);
            var attachmentBytes = packageBytes / 4 * 3;
            progress($"Writing a {attachmentBytes / 1e6:F0} MB attachment and its {packageBytes / 1e6:F0} MB edXML package");
            var (attachment, package, manifest) = await WriteInputsAsync(root, attachmentBytes, cancellationToken);

            // The hub is not started: the node queues and keeps retrying, so only the intake is measured.
            progress("Starting the node");
            await using var node = HostProcess.Start("node", JsonSettings.Write(Path.Combine(root, "node.json"), axis.NodeSettings(Sender.Code)), Path.Combine(root, "node.out"));
            await BenchHosts.WaitListeningAsync(axis.DmsEndpoint(Sender.Code).Port);
            var dms = new DmsClient(axis.Dms(Sender.Code));
            var meter = new ProcessMeter(node.ProcessId);

            progress("Warming up both ways with a small letter");
            var small = await WriteInputsAsync(Path.Combine(root, "small"), 1_000_000, cancellationToken);
            await dms.SendAsync(Sender.Code.Value, small.Manifest, [small.Attachment], cancellationToken);
            await using (var warm = File.OpenRead(small.Package))
            {
                await dms.SendEdXmlAsync(Sender.Code.Value, warm, cancellationToken: cancellationToken);
            }

            progress("Sending the attachment through the native DMS API");
            var native = await MeasureAsync("native SendLetter", attachmentBytes, attachmentBytes, meter, () => dms.SendAsync(Sender.Code.Value, manifest, [attachment], cancellationToken));
            progress("Sending the edXML package");
            var edxml = await MeasureAsync("edXML SendEdXml", new FileInfo(package).Length, attachmentBytes, meter, async () =>
            {
                await using var file = new FileStream(package, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
                return await dms.SendEdXmlAsync(Sender.Code.Value, file, cancellationToken: cancellationToken);
            });
            return [native, edxml];
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<IntakeRun> MeasureAsync(string way, long packageBytes, long attachmentBytes, ProcessMeter meter, Func<Task<SendLetterResponse>> send)
    {
        await BenchHosts.WaitSettledAsync(meter);
        meter.ResetPeak();
        var clock = Stopwatch.StartNew();
        await send();
        var seconds = clock.Elapsed.TotalSeconds;
        return new IntakeRun(way, packageBytes, attachmentBytes, seconds, meter.PeakRssMegabytes);
    }

    private static async Task<(string Attachment, string Package, Manifest Manifest)> WriteInputsAsync(string folder, long attachmentBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var content = new SyntheticContent(attachmentBytes, attachmentBytes);
        var attachment = Path.Combine(folder, "phu-luc-scan.pdf");
        await using (var file = File.Create(attachment))
        {
            foreach (var chunk in content.Chunks())
            {
                await file.WriteAsync(chunk, cancellationToken);
            }
        }

        var manifest = new Manifest
        {
            Sender = new AgencyRef { Code = Sender.Code.Value, Name = Sender.Name },
            Recipients = { new AgencyRef { Code = Recipient.Code.Value, Name = Recipient.Name } },
            DocumentId = $"{Sender.Code},2026/12/03,{attachmentBytes}/VPCP-BENCH",
            Code = new DocumentCode { Number = "1", Notation = "VPCP-BENCH" },
            IssueDate = "2026-12-03",
            Subject = "Hồ sơ quét kèm theo công văn",
            Attachments = { new Attachment { Name = "phu-luc-scan.pdf", MediaType = "application/pdf", ContentId = "cid:1" } },
        };
        var package = Path.Combine(folder, "package.edxml");
        await using (var file = File.Create(package))
        {
            await EdXmlWriter.WriteLetterAsync(file, manifest, [Chunks(content)], cancellationToken);
        }

        return (attachment, package, manifest);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(SyntheticContent content)
    {
        foreach (var chunk in content.Chunks())
        {
            yield return chunk;
        }

        await Task.CompletedTask;
    }
}
