using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// The refusal catalogue, part 1: what the letter says. Each refusal has its exact status code,
/// reason and the field or limit at fault, and leaves nothing stored.
/// </summary>
[TestClass]
public sealed class ManifestRefusalTests
{
    private static CatalogueHub s_hub = null!;

    [ClassInitialize]
    public static async Task StartHub(TestContext context) => s_hub = await CatalogueHub.StartAsync("manifest-refusals");

    [ClassCleanup]
    public static async Task StopHub() => await s_hub.Axis.DisposeAsync();

    [TestMethod]
    [DataRow("subject", "", "manifest.subject", DisplayName = "subject missing")]
    [DataRow("subject", "501", "manifest.subject", DisplayName = "subject over 500 characters")]
    [DataRow("number", "", "manifest.code.number", DisplayName = "number missing")]
    [DataRow("number", "123456789012", "manifest.code.number", DisplayName = "number over 11 characters")]
    [DataRow("notation", "31", "manifest.code.notation", DisplayName = "notation over 30 characters")]
    [DataRow("issue_date", "", "manifest.issue_date", DisplayName = "issue date missing")]
    [DataRow("issue_date", "24/11/2026", "manifest.issue_date", DisplayName = "issue date malformed")]
    [DataRow("recipients", "", "manifest.recipients", DisplayName = "no recipients")]
    public async Task RequiredFieldsMissingOrOverTheirLimitsAreRefused(string field, string value, string named)
    {
        var (manifest, contents) = CatalogueHub.Letter(field.GetHashCode(StringComparison.Ordinal));
        switch (field)
        {
            case "subject":
                manifest.Subject = value == "501" ? new string('s', 501) : value;
                break;
            case "number":
                manifest.Code.Number = value;
                break;
            case "notation":
                manifest.Code.Notation = new string('N', int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case "issue_date":
                manifest.IssueDate = value;
                break;
            case "recipients":
                manifest.Recipients.Clear();
                break;
        }

        var refusal = await Refusals.AssertRefusedAsync(() => s_hub.SubmitAsync(manifest, contents), StatusCode.InvalidArgument, RefusalReason.FieldInvalid);

        Assert.AreEqual(named, refusal.Details["field"]);
        StringAssert.Contains(refusal.Message, named);
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task AMalformedAgencyCodeIsRefused()
    {
        var (manifest, contents) = CatalogueHub.Letter(101);
        manifest.Recipients[0].Code = "000.00.00.h41";

        var refusal = await Refusals.AssertRefusedAsync(() => s_hub.SubmitAsync(manifest, contents), StatusCode.InvalidArgument, RefusalReason.AgencyCodeMalformed);

        Assert.AreEqual("manifest.recipients[0].code", refusal.Details["field"]);
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ADuplicateRecipientIsRefused()
    {
        var (manifest, contents) = CatalogueHub.Letter(102, TestAxis.First, TestAxis.Second, TestAxis.First);

        var refusal = await Refusals.AssertRefusedAsync(() => s_hub.SubmitAsync(manifest, contents), StatusCode.InvalidArgument, RefusalReason.FieldInvalid);

        Assert.AreEqual("manifest.recipients[2]", refusal.Details["field"]);
        StringAssert.Contains(refusal.Message, "more than once");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task TooManyRecipientsExceedTheLimit()
    {
        var (manifest, contents) = CatalogueHub.Letter(103, TestAxis.First, TestAxis.Second);
        manifest.Recipients.Add(new AgencyRef { Code = "000.00.01.H41" });
        manifest.Recipients.Add(new AgencyRef { Code = "000.00.02.H41" });

        var refusal = await Refusals.AssertRefusedAsync(() => s_hub.SubmitAsync(manifest, contents), StatusCode.ResourceExhausted, RefusalReason.LimitExceeded);

        Assert.AreEqual("max_recipients", refusal.Details["limit"]);
        StringAssert.Contains(refusal.Message, "limit is 3");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task AnAttachmentOverTheSizeLimitIsRefusedBeforeItIsUploaded()
    {
        var big = TestLetters.Content((int)CatalogueHub.MaxAttachmentBytes + 1, 104);
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], [big]);

        var refusal = await Refusals.AssertRefusedAsync(() => s_hub.SubmitAsync(manifest, [big]), StatusCode.ResourceExhausted, RefusalReason.LimitExceeded);

        Assert.AreEqual("max_attachment_bytes", refusal.Details["limit"]);
        StringAssert.Contains(refusal.Message, CatalogueHub.MaxAttachmentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ALetterMarkedSecretIsRefused()
    {
        var (manifest, contents) = CatalogueHub.Letter(105);
        manifest.Classification = Classification.Secret;

        var refusal = await Refusals.AssertRefusedAsync(() => s_hub.SubmitAsync(manifest, contents), StatusCode.InvalidArgument, RefusalReason.ClassifiedDocument);

        Assert.AreEqual("manifest.classification", refusal.Details["field"]);
        StringAssert.Contains(refusal.Message, "classified");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task AnUnknownRecipientIsRefused()
    {
        var (manifest, contents) = CatalogueHub.Letter(106);
        manifest.Recipients.Add(new AgencyRef { Code = "000.00.99.H99" });

        var refusal = await Refusals.AssertRefusedAsync(() => s_hub.SubmitAsync(manifest, contents), StatusCode.NotFound, RefusalReason.RecipientUnknown);

        Assert.AreEqual("manifest.recipients[1].code", refusal.Details["field"]);
        StringAssert.Contains(refusal.Message, "000.00.99.H99");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }
}
