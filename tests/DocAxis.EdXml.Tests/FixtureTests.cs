using System.Security.Cryptography;
using System.Text;
using DocAxis.Contracts.V1;

namespace DocAxis.EdXml.Tests;

/// <summary>
/// The committed fixtures reproduce what published packages show (the SDK's edXML root, an
/// unprefixed placeholder signature with a truncated certificate, an older agency code, empty
/// elements, a dd/MM/yyyy date, wrapped base64, Vietnamese text); every header field must map.
/// </summary>
[TestClass]
public sealed class FixtureTests
{
    [TestMethod]
    public async Task EveryHeaderFieldOfTheLetterMapsOntoTheManifest()
    {
        var read = await Packages.ReadAsync(Packages.Fixture("letter-sdk-form.edxml"));
        var m = read.Letter!;

        Assert.AreEqual("000.00.00.H41", m.Sender.Code);
        Assert.AreEqual("Ủy ban nhân dân tỉnh Nghệ An", m.Sender.OrganizationInCharge);
        Assert.AreEqual("Văn phòng UBND tỉnh Nghệ An", m.Sender.Name);
        Assert.AreEqual("Số 03, đường Trường Thi, thành phố Vinh", m.Sender.Address);
        Assert.AreEqual("vanphong@nghean.gov.vn", m.Sender.Email);
        Assert.AreEqual("0238 3840418", m.Sender.Telephone);
        Assert.AreEqual(string.Empty, m.Sender.Fax);
        Assert.AreEqual(string.Empty, m.Sender.Website);
        CollectionAssert.AreEqual(new[] { "000.00.00.G22", "28.22.H17" }, m.Recipients.Select(r => r.Code).ToArray());
        Assert.AreEqual("024 38044130", m.Recipients[0].Fax);
        Assert.AreEqual("chinhphu.vn", m.Recipients[0].Website);
        Assert.AreEqual("000.00.00.H41,2026/11/30,1234/UBND-VX", m.DocumentId);
        Assert.AreEqual("1234", m.Code.Number);
        Assert.AreEqual("UBND-VX", m.Code.Notation);
        Assert.AreEqual("Nghệ An", m.IssuePlace);
        Assert.AreEqual("2026-11-30", m.IssueDate, "dd/MM/yyyy is read as the date it names");
        Assert.AreEqual("1", m.DocumentType.Category);
        Assert.AreEqual("0", m.DocumentType.Code);
        Assert.AreEqual("Công văn", m.DocumentType.Name);
        StringAssert.StartsWith(m.Subject, "V/v báo cáo tình hình khắc phục hậu quả bão số 3");
        StringAssert.StartsWith(m.Summary, "Đề nghị các cơ quan");
        Assert.AreEqual("KT. CHỦ TỊCH", m.Signer.Competence);
        Assert.AreEqual("Phó Chủ tịch", m.Signer.Position);
        Assert.AreEqual("Nguyễn Văn Đệ", m.Signer.FullName);
        Assert.AreEqual("2026-12-15", m.DueDate);
        CollectionAssert.AreEqual(new[] { "Như trên", "Lưu: VT, VX" }, m.ToPlaces.ToArray());
        Assert.AreEqual(Urgency.Urgent, m.Urgency);
        Assert.AreEqual("Liên thông văn bản quốc gia", m.OtherInfo.SphereOfPromulgation);
        Assert.AreEqual("NVĐ", m.OtherInfo.TyperNotation);
        Assert.AreEqual(3u, m.OtherInfo.PromulgationAmount);
        Assert.AreEqual(2u, m.OtherInfo.PageAmount);
        Assert.AreEqual("false", m.OtherInfo.Direction);
        CollectionAssert.AreEqual(new[] { "Phụ lục I: Bảng tổng hợp thiệt hại", string.Empty }, m.OtherInfo.Appendixes.ToArray());
        Assert.HasCount(1, m.ResponseFor);
        Assert.AreEqual("000.00.00.G22", m.ResponseFor[0].OrganId);
        Assert.AreEqual("789/VPCP-NN", m.ResponseFor[0].Code);
        Assert.AreEqual("2026-11-20", m.ResponseFor[0].PromulgationDate);
        Assert.AreEqual("000.00.00.G22,2026/11/20,789/VPCP-NN", m.ResponseFor[0].DocumentId);
        Assert.AreEqual(1u, m.SteeringType);
        Assert.HasCount(1, m.TraceHeaders);
        Assert.AreEqual("2026/11/30 08:15:00", m.TraceHeaders[0].Timestamp);
        Assert.AreEqual(BusinessType.New, m.BusinessType);
        Assert.AreEqual(0u, m.Business.Paper);
        Assert.AreEqual("Trần Thị Hoa", m.Business.Staff.Staff);
        Assert.AreEqual("Văn thư", m.Business.Staff.Department);
        Assert.AreEqual("vanthu@nghean.gov.vn", m.Business.Staff.Email);
        StringAssert.Contains(m.PackageSignature.Element.ToStringUtf8(), "<X509Certificate>MIIFqTCCBJG</X509Certificate>");
    }

    [TestMethod]
    public async Task AttachmentsDecodeToTheirBytesWithSizesAndDigests()
    {
        var read = await Packages.ReadAsync(Packages.Fixture("letter-sdk-form.edxml"));
        var expected = new[] { Packages.FixtureBytes("letter-sdk-form.attachment-1.pdf"), Packages.FixtureBytes("letter-sdk-form.attachment-2.bin") };

        Assert.HasCount(2, read.Letter!.Attachments);
        for (var i = 0; i < expected.Length; i++)
        {
            CollectionAssert.AreEqual(expected[i], read.Contents[i], $"attachment {i}");
            Assert.AreEqual((ulong)expected[i].Length, read.Letter.Attachments[i].Size);
            CollectionAssert.AreEqual(SHA256.HashData(expected[i]), read.Letter.Attachments[i].Sha256.ToByteArray());
        }

        Assert.AreEqual("cid:101", read.Letter.Attachments[0].ContentId);
        Assert.AreEqual("1234_UBND-VX.pdf", read.Letter.Attachments[0].Name);
        Assert.AreEqual("application/pdf", read.Letter.Attachments[0].MediaType);
        Assert.AreEqual("Công văn 1234 (bản ký số)", read.Letter.Attachments[0].Description);
    }

    [TestMethod]
    public async Task TheLetterWrittenBackReadsAsTheSameHeaderAndBytes()
    {
        var first = await Packages.ReadAsync(Packages.Fixture("letter-sdk-form.edxml"));
        var written = await Packages.WriteAsync(first.Letter!, first.Contents);
        var second = await Packages.ReadAsync(new MemoryStream(written));

        Assert.AreEqual(first.Letter, second.Letter);
        for (var i = 0; i < first.Contents.Count; i++)
        {
            CollectionAssert.AreEqual(first.Contents[i], second.Contents[i]);
        }

        var text = Encoding.UTF8.GetString(written);
        StringAssert.Contains(text, "<edXML xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\"");
        StringAssert.Contains(text, "<edXML:PromulgationDate>2026/11/30</edXML:PromulgationDate>");
    }

    [TestMethod]
    public async Task TheStatusMessageMapsAndWritesBack()
    {
        var read = await Packages.ReadAsync(Packages.Fixture("status-03.edxml"));
        var status = read.Package.Status!;

        Assert.AreEqual(PackageKind.Status, read.Package.Kind);
        Assert.AreEqual("03", status.StatusCode);
        Assert.AreEqual("000.00.00.G22", status.From.Code);
        Assert.AreEqual("Văn phòng Chính phủ", status.From.Name);
        Assert.AreEqual("000.00.00.H41,2026/11/30,1234/UBND-VX", status.ResponseFor.DocumentId);
        Assert.AreEqual("1234/UBND-VX", status.ResponseFor.Code);
        Assert.AreEqual("2026-11-30", status.ResponseFor.PromulgationDate);
        Assert.AreEqual("Lê Thị Thu Hương", status.Staff.Staff);
        Assert.AreEqual("0912000001", status.Staff.Mobile);
        Assert.AreEqual("Đã vào sổ văn bản đến, số đến 5678", status.Description);
        Assert.AreEqual(new DateTime(2026, 12, 1, 9, 30, 12), status.Timestamp);

        using var output = new MemoryStream();
        await EdXmlWriter.WriteStatusAsync(output, status);
        var again = await Packages.ReadAsync(new MemoryStream(output.ToArray()));
        Assert.AreEqual(status, again.Package.Status);
    }
}
