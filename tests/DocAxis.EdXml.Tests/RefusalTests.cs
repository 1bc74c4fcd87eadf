using System.Text;
using DocAxis.Core;

namespace DocAxis.EdXml.Tests;

/// <summary>
/// Each bad package is refused with its stable reason, a message naming the element, and where it
/// is; nothing in it is resolved, expanded or fetched.
/// </summary>
[TestClass]
public sealed class RefusalTests
{
    private static readonly string Letter = Packages.Fixture("letter-sdk-form.edxml");
    private static readonly string Status = Packages.Fixture("status-03.edxml");

    [TestMethod]
    [DataRow("<edXML:From>", "<edXML:From><edXML:Oops>", "not well-formed")]
    [DataRow("</edXML:Subject>", "</edXML:Subjekt>", "not well-formed")]
    public async Task MalformedXmlIsRefusedWithItsLineAndColumn(string find, string replace, string words)
    {
        var refusal = await RefusedAsync(Letter.Replace(find, replace), RefusalReason.PackageMalformed);
        StringAssert.Contains(refusal.Message, words);
        Assert.IsGreaterThan(1, int.Parse(refusal.Details["line"]), "the line of the fault is named");
        Assert.IsTrue(refusal.Details.ContainsKey("column"));
    }

    [TestMethod]
    public async Task AWrongRootIsRefused()
    {
        var refusal = await RefusedAsync(Letter.Replace("<edXML xmlns=", "<Package xmlns=").Replace("</edXML>", "</Package>"), RefusalReason.PackageInvalid);
        StringAssert.Contains(refusal.Message, "root element is {http://www.mic.gov.vn/TBT/QCVN_102_2016}Package");
    }

    [TestMethod]
    public async Task AWrongNamespaceIsRefused()
    {
        var refusal = await RefusedAsync(Letter.Replace("<edXML xmlns=\"http://www.mic.gov.vn/TBT/QCVN_102_2016\">", "<edXML xmlns=\"http://example.org/other\">"), RefusalReason.PackageInvalid);
        StringAssert.Contains(refusal.Message, "{http://example.org/other}edXML");
    }

    [TestMethod]
    [DataRow("<!DOCTYPE edXML [ <!ENTITY x \"expanded\"> ]>")]
    [DataRow("<!DOCTYPE edXML SYSTEM \"http://127.0.0.1:1/edxml.dtd\">")]
    [DataRow("<!DOCTYPE edXML [ <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>")]
    [DataRow("<!DOCTYPE edXML [ <!ENTITY a \"aaaaaaaaaa\"> <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"> <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"> ]>")]
    public async Task ADtdOrEntityIsRefusedAndNeverProcessed(string doctype)
    {
        var xml = Letter.Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n", "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n" + doctype + "\r\n")
            .Replace("<edXML:Subject>", "<edXML:Subject>&c;&xxe;");
        var refusal = await RefusedAsync(xml, RefusalReason.PackageMalformed);
        StringAssert.Contains(refusal.Message, "declares a DTD (a <!DOCTYPE> before its root element)");
    }

    [TestMethod]
    public async Task AnUndeclaredEntityIsRefused()
    {
        var refusal = await RefusedAsync(Letter.Replace("<edXML:Subject>", "<edXML:Subject>&secret;"), RefusalReason.PackageMalformed);
        StringAssert.Contains(refusal.Message, "secret");
    }

    [TestMethod]
    [DataRow("From")]
    [DataRow("Code")]
    [DataRow("Subject")]
    [DataRow("PromulgationInfo")]
    public async Task AMissingRequiredElementIsNamed(string element)
    {
        var xml = RemoveFirst(Letter, element);
        var refusal = await RefusedAsync(xml, RefusalReason.PackageInvalid);
        Assert.AreEqual($"edXMLHeader/MessageHeader/{element}", refusal.Details["field"]);
        StringAssert.Contains(refusal.Message, "required");
    }

    [TestMethod]
    public async Task ALetterWithoutAnyToIsRefused()
    {
        var xml = RemoveFirst(RemoveFirst(Letter, "To"), "To");
        var refusal = await RefusedAsync(xml, RefusalReason.PackageInvalid);
        Assert.AreEqual("edXMLHeader/MessageHeader/To", refusal.Details["field"]);
    }

    [TestMethod]
    [DataRow("CodeNumber", "1234", 12, 11)]
    [DataRow("CodeNotation", "UBND-VX", 31, 30)]
    [DataRow("Place", "Nghệ An", 51, 50)]
    [DataRow("TypeName", "Công văn", 101, 100)]
    [DataRow("Subject", null, 501, 500)]
    [DataRow("Content", null, 501, 500)]
    public async Task AFieldOverItsLimitIsRefusedNamingTheLimit(string element, string? current, int length, int limit)
    {
        var xml = ReplaceText(Letter, element, current, new string('Đ', length));
        var refusal = await RefusedAsync(xml, RefusalReason.PackageInvalid);
        StringAssert.EndsWith(refusal.Details["field"], "/" + element);
        StringAssert.Contains(refusal.Message, $"{length} characters; at most {limit} are allowed");
        Assert.IsGreaterThan(1, int.Parse(refusal.Details["line"]));
    }

    [TestMethod]
    [DataRow("PromulgationDate", "30/11/2026", "31/02/2026")]
    [DataRow("DueDate", "2026/12/15", "ngày 15 tháng 12")]
    public async Task ADateThatIsNotADateIsRefused(string element, string current, string value)
    {
        var refusal = await RefusedAsync(ReplaceText(Letter, element, current, value), RefusalReason.PackageInvalid);
        StringAssert.EndsWith(refusal.Details["field"], "/" + element);
        StringAssert.Contains(refusal.Message, "is not a date");
    }

    [TestMethod]
    public async Task AnUnknownBusinessTypeIsRefused()
    {
        var refusal = await RefusedAsync(ReplaceText(Letter, "BussinessDocType", "0", "7"), RefusalReason.PackageInvalid);
        Assert.AreEqual("edXMLHeader/TraceHeaderList/Bussiness/BussinessDocType", refusal.Details["field"]);
        StringAssert.Contains(refusal.Message, "\"7\" is not a whole number from 0 to 3");
    }

    [TestMethod]
    public async Task AnUnknownStatusCodeIsRefused()
    {
        var refusal = await RefusedAsync(ReplaceText(Status, "StatusCode", "03", "07"), RefusalReason.PackageInvalid);
        StringAssert.Contains(refusal.Message, "\"07\" is not an edXML status code");
    }

    [TestMethod]
    public async Task AReferenceWithoutItsAttachmentIsRefused()
    {
        var start = Letter.LastIndexOf("<Attachment>", StringComparison.Ordinal);
        var end = Letter.LastIndexOf("</Attachment>", StringComparison.Ordinal) + "</Attachment>".Length;
        var refusal = await RefusedAsync(Letter.Remove(start, end - start), RefusalReason.PackageInvalid);
        StringAssert.Contains(refusal.Message, "reference cid:102 names an attachment the package does not carry");
        Assert.AreEqual("edXMLBody/edXMLManifest/Reference[2]", refusal.Details["field"]);
    }

    [TestMethod]
    public async Task AnAttachmentNoReferenceNamesIsRefused()
    {
        var refusal = await RefusedAsync(Letter.Replace("<ContentId>cid:102</ContentId>", "<ContentId>cid:999</ContentId>"), RefusalReason.PackageInvalid);
        StringAssert.Contains(refusal.Message, "attachment \"cid:999\" is not named by any edXMLManifest reference");
        Assert.AreEqual("AttachmentEncoded/Attachment[2]", refusal.Details["field"]);
    }

    [TestMethod]
    public async Task CorruptBase64IsRefused()
    {
        var refusal = await RefusedAsync(Letter.Replace(">JVBERi0x", ">JVB*Ri0x"), RefusalReason.PackageInvalid);
        Assert.AreEqual("AttachmentEncoded/Attachment[1]/ContentTransferEncoded", refusal.Details["field"]);
        StringAssert.Contains(refusal.Message, "not valid base64");
    }

    [TestMethod]
    public async Task AStatusMessageSentAsALetterIsRefusedAndTheReverse()
    {
        var asLetter = await RefusedAsync(Status, RefusalReason.PackageKindMismatch, PackageKind.Letter);
        StringAssert.Contains(asLetter.Message, "status message");
        var asStatus = await RefusedAsync(Letter, RefusalReason.PackageKindMismatch, PackageKind.Status);
        StringAssert.Contains(asStatus.Message, "letter");
    }

    [TestMethod]
    public async Task AHeaderLargerThanItsBudgetIsRefusedBeforeItIsHeld()
    {
        var huge = ReplaceText(Letter, "Content", null, new string('x', 3 * 1024 * 1024));
        var refusal = await RefusedAsync(huge, RefusalReason.LimitExceeded);
        Assert.AreEqual("max_header_bytes", refusal.Details["limit"]);
    }

    [TestMethod]
    public async Task APackageOverTheNodesLimitIsRefused()
    {
        var refusal = await RefusedAsync(Letter, RefusalReason.LimitExceeded, limits: new EdXmlLimits { MaxPackageBytes = 4000 });
        Assert.AreEqual("max_package_bytes", refusal.Details["limit"]);
    }

    private static async Task<RefusalException> RefusedAsync(string xml, RefusalReason reason, PackageKind? expected = null, EdXmlLimits? limits = null)
    {
        var refusal = await Assert.ThrowsExactlyAsync<RefusalException>(() => Packages.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(xml)), limits, expected));
        Assert.AreEqual(reason, refusal.Reason, refusal.Message);
        return refusal;
    }

    private static string RemoveFirst(string xml, string element)
    {
        var start = xml.IndexOf($"<edXML:{element}>", StringComparison.Ordinal);
        var closing = $"</edXML:{element}>";
        var end = xml.IndexOf(closing, start, StringComparison.Ordinal) + closing.Length;
        return xml.Remove(start, end - start);
    }

    private static string ReplaceText(string xml, string element, string? current, string value)
    {
        var open = $"<edXML:{element}>";
        var start = xml.IndexOf(open, StringComparison.Ordinal) + open.Length;
        var end = xml.IndexOf($"</edXML:{element}>", start, StringComparison.Ordinal);
        if (current is not null)
        {
            Assert.AreEqual(current, xml[start..end]);
        }

        return xml[..start] + value + xml[end..];
    }
}
