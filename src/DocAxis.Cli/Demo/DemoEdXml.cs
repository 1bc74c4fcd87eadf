using System.Text;
using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.EdXml;

namespace DocAxis.Cli.Demo;

/// <summary>
/// The demo's edXML leg: a DMS that speaks only edXML hands its node a package; the recipient's DMS
/// exports the letter as a package again, and the header and the attachment must be the same.
/// </summary>
internal static class DemoEdXml
{
    public static async Task<DemoCheck> RunAsync(LoopbackAxis axis, LocalAgency from, LocalAgency to, Action<string> progress, TimeProvider time, CancellationToken cancellationToken)
    {
        var annex = Encoding.UTF8.GetBytes("Báo cáo kết quả tiếp nhận văn bản điện tử — bản quét (demo).\n");
        var manifest = new Manifest
        {
            Sender = new AgencyRef { Code = from.Code.Value, Name = from.Name, Address = "Số 03 Trường Thi, thành phố Vinh" },
            Recipients = { new AgencyRef { Code = to.Code.Value, Name = to.Name } },
            DocumentId = $"{from.Code},2026/12/03,45/UBND-VP",
            Code = new DocumentCode { Number = "45", Notation = "UBND-VP" },
            IssueDate = "2026-12-03",
            IssuePlace = "Nghệ An",
            DocumentType = new DocumentType { Category = "2", Code = "0", Name = "Báo cáo" },
            Subject = "Báo cáo kết quả tiếp nhận văn bản điện tử",
            Signer = new SignerInfo { Competence = "TM. ỦY BAN NHÂN DÂN", Position = "Chủ tịch", FullName = "Nguyễn Văn A" },
            OtherInfo = new OtherInfo { PageAmount = 1, PromulgationAmount = 2 },
            Business = new BusinessInfo { Staff = new StaffInfo { Department = "Văn thư", Staff = "Trần Thị B" } },
            Attachments = { new Attachment { Name = "bao-cao.txt", MediaType = "text/plain", ContentId = "cid:1" } },
        };
        using var package = new MemoryStream();
        await EdXmlWriter.WriteLetterAsync(package, manifest, [One(annex)], cancellationToken);
        var written = package.ToArray();
        var sender = new DmsClient(axis.Dms(from.Code));
        var sent = await sender.SendEdXmlAsync(from.Code.Value, new MemoryStream(written), cancellationToken: cancellationToken);
        progress($"{from.Code}'s DMS, which speaks only edXML, handed over a {written.Length:N0}-byte package; the node mapped it onto a signed manifest ({sent.EnvelopeId})");

        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(60);
        var recipient = new DmsClient(axis.Dms(to.Code));
        while ((await recipient.InboxAsync(to.Code.Value, cancellationToken: cancellationToken)).All(e => e.EnvelopeId != sent.EnvelopeId))
        {
            if (time.GetUtcNow() > deadline)
            {
                return new DemoCheck("An edXML package entered at one node left the recipient's node as the same package", false, "the letter did not arrive within 60 s");
            }

            await Task.Delay(200, cancellationToken);
        }

        using var exported = new MemoryStream();
        await recipient.FetchEdXmlAsync(to.Code.Value, sent.EnvelopeId, exported, cancellationToken);
        var (original, originalContent) = await ReadAsync(written, cancellationToken);
        var (received, receivedContent) = await ReadAsync(exported.ToArray(), cancellationToken);
        var same = original.Equals(received) && originalContent.SequenceEqual(receivedContent);
        progress($"{to.Code}'s DMS exported it as an edXML package ({exported.Length:N0} bytes): {(same ? "the same header, field by field, and the same attachment bytes" : "it differs")}");
        return new DemoCheck(
            "An edXML package entered at one node left the recipient's node as the same package",
            same,
            $"{sent.EnvelopeId}: {received.Code.Number}/{received.Code.Notation} \"{received.Subject}\", {receivedContent.Length} attachment bytes");
    }

    private static async Task<(Manifest Manifest, byte[] Content)> ReadAsync(byte[] package, CancellationToken cancellationToken)
    {
        using var reader = EdXmlReader.Open(new MemoryStream(package), digests: true);
        await reader.ReadHeaderAsync(PackageKind.Letter, cancellationToken);
        using var content = new MemoryStream();
        await foreach (var (_, data) in reader.ReadAttachmentsAsync(cancellationToken))
        {
            content.Write(data.Span);
        }

        return (reader.CompleteLetter(), content.ToArray());
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> One(byte[] content)
    {
        await Task.CompletedTask;
        yield return content;
    }
}
