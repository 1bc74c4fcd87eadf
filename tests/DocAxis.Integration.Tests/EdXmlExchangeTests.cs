using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Testing;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// edXML as a door at the node: a package imported at the sender's node crosses the hub as a
/// signed Manifest and leaves the recipient's node as a package with the same header and bytes;
/// a bad package is refused and nothing is queued. Real gRPC, TLS, SQLite and signatures.
/// </summary>
[TestClass]
public sealed class EdXmlExchangeTests
{
    private const string OlderCode = "28.22.H17";
    private static TestAxis s_axis = null!;

    [ClassInitialize]
    public static async Task Start(TestContext context)
    {
        s_axis = TestAxis.Create("edxml", TestAxis.Sender, TestAxis.First, TestAxis.Second with { LegacyCode = OlderCode });
        await s_axis.StartAsync();
    }

    [ClassCleanup]
    public static async Task Stop() => await s_axis.DisposeAsync();

    private static DmsClient Dms(LocalAgency agency) => new(s_axis.Axis.Dms(agency.Code));

    [TestMethod]
    public async Task APackageImportedAtOneNodeLeavesTheRecipientsNodeWithTheSameHeaderAndBytes()
    {
        var xml = EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, OlderCode, "000.00.00.G22,2026/12/03,1/VPCP-TH");
        var sender = Dms(TestAxis.Sender);
        var sent = await sender.SendEdXmlAsync(TestAxis.Sender.Code.Value, EdXmlPackages.Stream(xml));
        Assert.AreEqual(SubmissionState.Queued, sent.State);
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First) && Traces.IsDelivered(t, TestAxis.Second), "both recipients have the letter");

        var original = await EdXmlPackages.ReadAsync(EdXmlPackages.Stream(xml));
        foreach (var recipient in new[] { TestAxis.First, TestAxis.Second })
        {
            using var exported = new MemoryStream();
            var bytes = await Dms(recipient).FetchEdXmlAsync(recipient.Code.Value, sent.EnvelopeId, exported);
            Assert.AreEqual(exported.Length, bytes);
            exported.Position = 0;
            var received = await EdXmlPackages.ReadAsync(exported);

            Assert.AreEqual(original.Manifest, received.Manifest, $"the header {recipient.Code} exports is the header the sender imported, field by field");
            Assert.HasCount(2, received.Contents);
            CollectionAssert.AreEqual(EdXmlPackages.FixtureBytes("letter-sdk-form.attachment-1.pdf"), received.Contents[0]);
            CollectionAssert.AreEqual(EdXmlPackages.FixtureBytes("letter-sdk-form.attachment-2.bin"), received.Contents[1]);
        }

        var fetched = await Dms(TestAxis.First).FetchAsync(TestAxis.First.Code.Value, sent.EnvelopeId, folder: null);
        Assert.AreEqual("000.00.00.G22,2026/12/03,1/VPCP-TH", fetched.Letter.Manifest.DocumentId, "the DocumentId travels in the signed manifest");
        StringAssert.Contains(fetched.Letter.Manifest.PackageSignature.Element.ToStringUtf8(), "MIIFqTCCBJG", "the package's own signature travels as it came");
        Assert.AreEqual(TestAxis.Second.Code.Value, fetched.Letter.Manifest.Recipients[1].Code, "the older code was mapped through the directory");
        Assert.AreEqual(OlderCode, fetched.Letter.Manifest.Recipients[1].WrittenCode, "and kept as written");
    }

    [TestMethod]
    [DataRow("000.00.00.X99", "RecipientUnknown", "edXMLHeader/MessageHeader/To[2]/OrganId 000.00.00.X99 is not in the directory")]
    [DataRow("99.99.Z99", "AgencyUnknown", "is the older code 99.99.Z99, which no agency in the directory carries")]
    [DataRow("G12", "AgencyCodeMalformed", "\"G12\" is neither an agency code")]
    public async Task ARecipientTheDirectoryDoesNotKnowIsRefusedNamingIt(string code, string reason, string words)
    {
        var xml = EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, code);
        var expected = Enum.Parse<RefusalReason>(reason);
        var status = expected == RefusalReason.AgencyCodeMalformed ? StatusCode.InvalidArgument : StatusCode.NotFound;
        var refusal = await RefusedWithNothingQueuedAsync(xml, status, expected);
        StringAssert.Contains(refusal.Message, words);
        Assert.AreEqual("edXMLHeader/MessageHeader/To[2]/OrganId", refusal.Details["field"]);
    }

    [TestMethod]
    public async Task ARevokePackageNamesTheEarlierLetterByItsDocumentId()
    {
        var sender = Dms(TestAxis.Sender);
        var earlierId = "000.00.00.G22,2026/12/03,2/VPCP-TH";
        var letter = EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, TestAxis.Second.Code.Value, earlierId);
        var earlier = await sender.SendEdXmlAsync(TestAxis.Sender.Code.Value, EdXmlPackages.Stream(letter));
        await Traces.WaitAsync(sender, earlier.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First), "the first letter arrives");

        var revoke = EdXmlPackages.Amending(letter, 1, earlierId, "000.00.00.G22,2026/12/03,3/VPCP-TH");
        var sent = await sender.SendEdXmlAsync(TestAxis.Sender.Code.Value, EdXmlPackages.Stream(revoke));
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First), "the revoke arrives");

        var inbox = await Dms(TestAxis.First).InboxAsync(TestAxis.First.Code.Value);
        var revoking = inbox.Single(e => e.EnvelopeId == sent.EnvelopeId);
        Assert.AreEqual(BusinessType.Revoke, revoking.BusinessType);
        Assert.AreEqual(earlier.EnvelopeId, revoking.ReferencedEnvelopeId, "BussinessDocType 1 became DocAxis's revoke of the letter its DocumentId names");
        Assert.AreEqual(sent.EnvelopeId, inbox.Single(e => e.EnvelopeId == earlier.EnvelopeId).AwaitingAnswerTo);
    }

    [TestMethod]
    public async Task StatusMessagesGoInAtTheRecipientAndComeOutAtTheSenderWithEveryField()
    {
        var documentId = "000.00.00.G22,2026/12/03,6/VPCP-TH";
        var sender = Dms(TestAxis.Sender);
        var sent = await sender.SendEdXmlAsync(TestAxis.Sender.Code.Value, EdXmlPackages.Stream(EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, OlderCode, documentId)));
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First) && Traces.IsDelivered(t, TestAxis.Second), "both recipients have the letter");

        var arrived = EdXmlPackages.Status(TestAxis.First.Code.Value, TestAxis.Sender.Code.Value, documentId, "01", "2026/12/03 08:00:05");
        var registered = EdXmlPackages.Status(TestAxis.First.Code.Value, TestAxis.Sender.Code.Value, documentId, "03", "2026/12/03 08:30:00");
        await Dms(TestAxis.First).SendEdXmlStatusAsync(TestAxis.First.Code.Value, arrived);
        await Dms(TestAxis.First).SendEdXmlStatusAsync(TestAxis.First.Code.Value, registered);
        await Dms(TestAxis.Second).SendEdXmlStatusAsync(TestAxis.Second.Code.Value, EdXmlPackages.Status(OlderCode, TestAxis.Sender.Code.Value, documentId, "01", "2026/12/03 08:59:00"));
        var fromOlderCode = EdXmlPackages.Status(OlderCode, TestAxis.Sender.Code.Value, documentId, "02", "2026/12/03 09:00:00");
        await Dms(TestAxis.Second).SendEdXmlStatusAsync(TestAxis.Second.Code.Value, fromOlderCode);
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.HasStatus(t, TestAxis.First, "03") && Traces.HasStatus(t, TestAxis.Second, "02"), "the statuses reach the sender");

        var exported = await sender.FetchEdXmlStatusesAsync(TestAxis.Sender.Code.Value, sent.EnvelopeId);
        CollectionAssert.AreEqual(
            new[] { $"{TestAxis.First.Code} 01", $"{TestAxis.First.Code} 03", $"{TestAxis.Second.Code} 01", $"{TestAxis.Second.Code} 02" },
            exported.Select(s => $"{s.RecipientCode} {s.StatusCode}").ToArray());
        var imported = await EdXmlPackages.ReadStatusAsync(registered);
        var came = await EdXmlPackages.ReadStatusAsync(exported[1].Package.ToByteArray());
        Assert.AreEqual(imported.StatusCode, came.StatusCode);
        Assert.AreEqual(imported.Description, came.Description);
        Assert.AreEqual(imported.Staff, came.Staff, "department, staff, mobile and e-mail travel in the recipient's signed report");
        Assert.AreEqual(imported.Timestamp, came.Timestamp);
        Assert.AreEqual(TestAxis.First.Code.Value, came.From.Code);
        Assert.AreEqual(documentId, came.ResponseFor.DocumentId);
        Assert.AreEqual(TestAxis.Sender.Code.Value, came.ResponseFor.OrganId);
        Assert.AreEqual("1234/UBND-VX", came.ResponseFor.Code);
        Assert.AreEqual(OlderCode, (await EdXmlPackages.ReadStatusAsync(exported[3].Package.ToByteArray())).From.Code, "the recipient goes by the code the sender's package wrote");
    }

    [TestMethod]
    public async Task AStatusAboutALetterTheAgencyNeverReceivedIsRefused()
    {
        var status = EdXmlPackages.Status(TestAxis.First.Code.Value, TestAxis.Sender.Code.Value, "000.00.00.G22,2020/01/01,1/KHONG-CO", "01");
        var refusal = await Refusals.AssertRefusedAsync(() => Dms(TestAxis.First).SendEdXmlStatusAsync(TestAxis.First.Code.Value, status), StatusCode.NotFound, RefusalReason.EnvelopeUnknown);
        StringAssert.Contains(refusal.Message, "received no letter from 000.00.00.G22 with DocumentId \"000.00.00.G22,2020/01/01,1/KHONG-CO\"");
        var asStatus = await Refusals.AssertRefusedAsync(
            () => Dms(TestAxis.First).SendEdXmlStatusAsync(TestAxis.First.Code.Value, System.Text.Encoding.UTF8.GetBytes(EdXmlPackages.Fixture("letter-sdk-form.edxml"))),
            StatusCode.InvalidArgument, RefusalReason.PackageKindMismatch);
        StringAssert.Contains(asStatus.Message, "letter");
    }

    [TestMethod]
    public async Task ARecallStatusFromTheSenderBecomesARevokeOfItsLetter()
    {
        var documentId = "000.00.00.G22,2026/12/03,7/VPCP-TH";
        var sender = Dms(TestAxis.Sender);
        var sent = await sender.SendEdXmlAsync(TestAxis.Sender.Code.Value, EdXmlPackages.Stream(EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, OlderCode, documentId)));
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First), "the letter arrives");

        var thirteen = EdXmlPackages.Status(TestAxis.Sender.Code.Value, TestAxis.Sender.Code.Value, documentId, "13");
        var reportId = Core.Letters.EnvelopeId.New().ToString();
        var recall = await sender.SendEdXmlStatusAsync(TestAxis.Sender.Code.Value, thirteen, reportId);
        Assert.AreEqual(reportId, recall.ReportId, "the report id names the revoke letter");
        Assert.AreEqual(reportId, (await sender.SendEdXmlStatusAsync(TestAxis.Sender.Code.Value, thirteen, reportId)).ReportId, "sent again, the same 13 recalls once");
        await Traces.WaitAsync(sender, recall.ReportId, t => Traces.IsDelivered(t, TestAxis.First), "the recall arrives");

        var inbox = await Dms(TestAxis.First).InboxAsync(TestAxis.First.Code.Value);
        var revoking = inbox.Single(e => e.EnvelopeId == recall.ReportId);
        Assert.AreEqual(BusinessType.Revoke, revoking.BusinessType);
        Assert.AreEqual(sent.EnvelopeId, revoking.ReferencedEnvelopeId);
    }

    [TestMethod]
    [DataRow("trusted", false, "Valid", "verifies over the package", DisplayName = "signed by the agency's own certificate, SHA-256")]
    [DataRow("trusted", true, "Weak", "SHA-1 and MD5 no longer resist forgery", DisplayName = "signed by the agency's own certificate, SHA-1")]
    [DataRow("self-signed", false, "Untrusted", "not trusted here", DisplayName = "signed by a certificate nobody issued")]
    [DataRow("placeholder", false, "Invalid", "truncated or a placeholder", DisplayName = "the published placeholder")]
    public async Task ThePackagesXmlDsigIsVerifiedAndItsVerdictTravelsToTheRecipient(string signer, bool sha1, string verdict, string words)
    {
        var documentId = $"000.00.00.G22,2026/12/03,{signer}-{sha1}/VPCP-TH";
        var xml = EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, OlderCode, documentId);
        if (signer != "placeholder")
        {
            var files = s_axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code);
            using var certificate = signer == "trusted" ? PackageSigner.FromPem(files.CertificatePath, files.KeyPath) : PackageSigner.SelfSigned();
            xml = PackageSigner.Sign(xml, certificate, sha1);
        }

        var sender = Dms(TestAxis.Sender);
        var sent = await sender.SendEdXmlAsync(TestAxis.Sender.Code.Value, EdXmlPackages.Stream(xml));
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First), "the letter arrives");

        var fetched = await Dms(TestAxis.First).FetchAsync(TestAxis.First.Code.Value, sent.EnvelopeId, folder: null);
        var recorded = fetched.Letter.Manifest.PackageSignature;
        Assert.AreEqual(Enum.Parse<PackageSignatureVerdict>(verdict), recorded.Verdict, recorded.Reason);
        StringAssert.Contains(recorded.Reason, words);

        using var exported = new MemoryStream();
        await Dms(TestAxis.First).FetchEdXmlAsync(TestAxis.First.Code.Value, sent.EnvelopeId, exported);
        var original = System.Xml.Linq.XDocument.Parse(xml).Descendants().First(e => e.Name.LocalName == "Signature");
        var returned = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(exported.ToArray())).Descendants().First(e => e.Name.LocalName == "Signature");
        Assert.AreEqual(Infoset(original), Infoset(returned), "the recipient gets the original signature back in its package");
    }

    [TestMethod]
    public async Task AnAmendmentOfADocumentIdTheAgencyNeverSentIsRefused()
    {
        var letter = EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, TestAxis.Second.Code.Value, "000.00.00.G22,2026/12/03,4/VPCP-TH");
        var revoke = EdXmlPackages.Amending(letter, 3, "000.00.00.G22,2020/01/01,999/KHONG-CO", "000.00.00.G22,2026/12/03,5/VPCP-TH");
        var refusal = await RefusedWithNothingQueuedAsync(revoke, StatusCode.FailedPrecondition, RefusalReason.ReferenceInvalid);
        StringAssert.Contains(refusal.Message, "sent no letter with DocumentId \"000.00.00.G22,2020/01/01,999/KHONG-CO\"");
    }

    [TestMethod]
    public async Task APackageFromAnotherAgencyIsRefused()
    {
        var xml = EdXmlPackages.Letter(TestAxis.First.Code.Value, TestAxis.Second.Code.Value, TestAxis.Sender.Code.Value);
        var refusal = await RefusedWithNothingQueuedAsync(xml, StatusCode.PermissionDenied, RefusalReason.ClientNotSender);
        StringAssert.Contains(refusal.Message, $"The package's From is {TestAxis.First.Code}, but the call acts for {TestAxis.Sender.Code}");
    }

    [TestMethod]
    public async Task CorruptBase64IsRefusedAfterItsHeaderWasReadAndNothingIsKept()
    {
        var xml = EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, TestAxis.Second.Code.Value).Replace(">JVBERi0x", ">JVB*Ri0x", StringComparison.Ordinal);
        var refusal = await RefusedWithNothingQueuedAsync(xml, StatusCode.InvalidArgument, RefusalReason.PackageInvalid);
        Assert.AreEqual("AttachmentEncoded/Attachment[1]/ContentTransferEncoded", refusal.Details["field"]);
        Assert.IsEmpty(Directory.GetFiles(Path.Combine(s_axis.Axis.NodeDataDirectory(TestAxis.Sender.Code), "content", "staging")), "the staged content was removed");
    }

    [TestMethod]
    public async Task AStatusMessageSentAsALetterIsRefused()
    {
        var refusal = await RefusedWithNothingQueuedAsync(EdXmlPackages.Fixture("status-03.edxml"), StatusCode.InvalidArgument, RefusalReason.PackageKindMismatch);
        StringAssert.Contains(refusal.Message, "status message");
    }

    /// <summary>An element's names, attributes and text, whatever prefixes and declarations wrote them.</summary>
    private static string Infoset(System.Xml.Linq.XElement element) =>
        string.Join("|", element.DescendantsAndSelf().Select(e =>
            $"{e.Name}[{string.Join(",", e.Attributes().Where(a => !a.IsNamespaceDeclaration))}]{(e.HasElements ? string.Empty : e.Value)}"));

    private static async Task<Core.RefusalException> RefusedWithNothingQueuedAsync(string xml, StatusCode status, RefusalReason reason)
    {
        var outbox = new HubInspector(s_axis.Axis.NodeDataDirectory(TestAxis.Sender.Code), "node.db");
        var before = outbox.Scalar("SELECT COUNT(*) FROM outbox");
        var refusal = await Refusals.AssertRefusedAsync(() => Dms(TestAxis.Sender).SendEdXmlAsync(TestAxis.Sender.Code.Value, EdXmlPackages.Stream(xml)), status, reason);
        Assert.AreEqual(before, outbox.Scalar("SELECT COUNT(*) FROM outbox"), "nothing was queued");
        return refusal;
    }
}
