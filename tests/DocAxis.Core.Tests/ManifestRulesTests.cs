using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Core.Letters;

namespace DocAxis.Core.Tests;

[TestClass]
public sealed class ManifestRulesTests
{
    private static readonly AgencyCode Sender = AgencyCode.Parse("000.00.00.G22");
    private static readonly AgencyCode Recipient = AgencyCode.Parse("000.00.00.H41");
    private static readonly ExchangeLimits Limits = new() { MaxRecipients = 3, MaxAttachments = 2, MaxAttachmentBytes = 1000, MaxLetterBytes = 1500 };

    private static LetterManifest Valid() => new()
    {
        EnvelopeId = EnvelopeId.New(),
        Sender = Sender,
        Recipients = [Recipient],
        Number = "123",
        Notation = "VPCP-KSTT",
        IssueDate = new DateOnly(2026, 11, 24),
        Subject = "V/v thử nghiệm",
        Attachments = [new AttachmentDescriptor("cong-van.pdf", "application/pdf", 10, new byte[32], "")],
    };

    [TestMethod]
    public void AValidLetterPasses()
    {
        ManifestRules.Validate(Valid(), Limits);
    }

    [TestMethod]
    public void AClassifiedLetterIsRefused()
    {
        var refusal = Refused(Valid() with { Classification = Classification.Secret });
        Assert.AreEqual(RefusalReason.ClassifiedDocument, refusal.Reason);
        Assert.AreEqual("manifest.classification", refusal.Details["field"]);
    }

    [TestMethod]
    [DataRow(501, "manifest.subject")]
    [DataRow(0, "manifest.subject")]
    public void SubjectMustHaveOneTo500Characters(int length, string field)
    {
        var refusal = Refused(Valid() with { Subject = new string('x', length) });
        Assert.AreEqual(RefusalReason.FieldInvalid, refusal.Reason);
        Assert.AreEqual(field, refusal.Details["field"]);
    }

    [TestMethod]
    public void NumberAndNotationHaveEdxmlLimits()
    {
        Assert.AreEqual("manifest.code.number", Refused(Valid() with { Number = "123456789012" }).Details["field"]);
        Assert.AreEqual("manifest.code.number", Refused(Valid() with { Number = "" }).Details["field"]);
        Assert.AreEqual("manifest.code.notation", Refused(Valid() with { Notation = new string('N', 31) }).Details["field"]);
        ManifestRules.Validate(Valid() with { Number = "12345678901", Notation = new string('N', 30) }, Limits);
    }

    [TestMethod]
    public void RecipientsMustBePresentDistinctAndNotTheSender()
    {
        Assert.AreEqual("manifest.recipients", Refused(Valid() with { Recipients = [] }).Details["field"]);
        Assert.AreEqual("manifest.recipients[1]", Refused(Valid() with { Recipients = [Recipient, Recipient] }).Details["field"]);
        Assert.AreEqual("manifest.recipients[0]", Refused(Valid() with { Recipients = [Sender] }).Details["field"]);
    }

    [TestMethod]
    public void TooManyRecipientsExceedsTheLimit()
    {
        var many = Enumerable.Range(1, 4).Select(i => AgencyCode.Parse($"000.00.0{i}.H41")).ToList();
        var refusal = Refused(Valid() with { Recipients = many });
        Assert.AreEqual(RefusalReason.LimitExceeded, refusal.Reason);
        Assert.AreEqual("max_recipients", refusal.Details["limit"]);
    }

    [TestMethod]
    public void AttachmentsAreCheckedOneByOne()
    {
        var digest = new byte[32];
        Assert.AreEqual(RefusalReason.LimitExceeded, Refused(Valid() with { Attachments = [new("big.pdf", "application/pdf", 1001, digest, "")] }).Reason);
        Assert.AreEqual("manifest.attachments[0].sha256", Refused(Valid() with { Attachments = [new("a.pdf", "application/pdf", 1, new byte[20], "")] }).Details["field"]);
        Assert.AreEqual("manifest.attachments[0].name", Refused(Valid() with { Attachments = [new("../etc/passwd", "text/plain", 1, digest, "")] }).Details["field"]);
        Assert.AreEqual("manifest.attachments[1].name", Refused(Valid() with { Attachments = [new("a.pdf", "application/pdf", 1, digest, ""), new("A.PDF", "application/pdf", 1, digest, "")] }).Details["field"]);
        Assert.AreEqual("manifest.attachments[0].media_type", Refused(Valid() with { Attachments = [new("a.pdf", "pdf", 1, digest, "")] }).Details["field"]);
        Assert.AreEqual("manifest.attachments[0].size", Refused(Valid() with { Attachments = [new("a.pdf", "application/pdf", 0, digest, "")] }).Details["field"]);
        Assert.AreEqual("max_letter_bytes", Refused(Valid() with { Attachments = [new("a.pdf", "application/pdf", 900, digest, ""), new("b.pdf", "application/pdf", 900, digest, "")] }).Details["limit"]);
    }

    [TestMethod]
    public void RevokeUpdateAndReplaceMustReferToAnEarlierLetter()
    {
        Assert.AreEqual("manifest.referenced_envelope_id", Refused(Valid() with { BusinessType = BusinessType.Replace }).Details["field"]);
        Assert.AreEqual("manifest.referenced_envelope_id", Refused(Valid() with { ReferencedEnvelopeId = EnvelopeId.New() }).Details["field"]);
        ManifestRules.Validate(Valid() with { BusinessType = BusinessType.Revoke, ReferencedEnvelopeId = EnvelopeId.New() }, Limits);
    }

    [TestMethod]
    public void DueDateCannotPrecedeIssueDate()
    {
        Assert.AreEqual("manifest.due_date", Refused(Valid() with { DueDate = new DateOnly(2026, 11, 23) }).Details["field"]);
    }

    [TestMethod]
    public void UrgencyOutsideZeroToFourIsRefused()
    {
        Assert.AreEqual("manifest.urgency", Refused(Valid() with { Urgency = (Urgency)5 }).Details["field"]);
    }

    private static RefusalException Refused(LetterManifest manifest) =>
        Assert.ThrowsExactly<RefusalException>(() => ManifestRules.Validate(manifest, Limits));
}
