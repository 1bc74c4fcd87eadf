using System.Security.Cryptography;
using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Integration.Tests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Submissions straight to a hub over mutual TLS on loopback: idempotent resubmission and the
/// refusals of the hub's core checks, each with its exact status, reason, and nothing stored.
/// </summary>
[TestClass]
public sealed class SubmissionTests
{
    private static TestAxis s_axis = null!;

    [ClassInitialize]
    public static async Task StartAxis(TestContext context)
    {
        s_axis = TestAxis.Create("submission");
        // Only the hub: these tests are about what it accepts, not about delivery.
        await s_axis.StartAsync(TestAxis.Sender);
    }

    [ClassCleanup]
    public static async Task StopAxis() => await s_axis.DisposeAsync();

    private static HubInspector Hub => s_axis.HubDatabase;

    [TestMethod]
    public async Task ResubmittingTheSameEnvelopeReturnsTheOriginalReceipt()
    {
        var contents = new[] { TestLetters.Content(200_000, 1) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First, TestAxis.Second], contents);
        var signed = TestLetters.Sign(manifest, s_axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code));
        var channel = s_axis.Axis.Clients.Agency(TestAxis.Sender.Code);

        var first = await TestLetters.SubmitAsync(channel, manifest.EnvelopeId, signed, contents);
        var again = await TestLetters.SubmitAsync(channel, manifest.EnvelopeId, signed, contents);

        Assert.AreEqual(first.Body, again.Body, "the receipt body");
        Assert.AreEqual(first.Signature, again.Signature, "the receipt signature");
        var receipt = AcceptanceReceipt.Parser.ParseFrom(first.Body);
        Assert.AreEqual(manifest.EnvelopeId, receipt.EnvelopeId);
        CollectionAssert.AreEqual(SHA256.HashData(signed.Manifest.Span), receipt.ManifestSha256.ToByteArray());
        Assert.AreEqual(1L, Hub.Envelopes(manifest.EnvelopeId));
        Assert.AreEqual(2L, Hub.Deliveries(manifest.EnvelopeId));
        Assert.AreEqual(1L, Hub.Attachments(manifest.EnvelopeId));
    }

    [TestMethod]
    public async Task ReusingAnEnvelopeIdForDifferentBytesIsRefused()
    {
        var contents = new[] { TestLetters.Content(1000, 2) };
        var original = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], contents);
        var channel = s_axis.Axis.Clients.Agency(TestAxis.Sender.Code);
        var signing = s_axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code);
        await TestLetters.SubmitAsync(channel, original.EnvelopeId, TestLetters.Sign(original, signing), contents);

        var changed = original.Clone();
        changed.Subject = "V/v nội dung khác";
        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(channel, changed.EnvelopeId, TestLetters.Sign(changed, signing), contents),
            StatusCode.AlreadyExists, RefusalReason.EnvelopeIdReused);

        StringAssert.Contains(refusal.Message, original.EnvelopeId);
        CollectionAssert.AreEqual(SHA256.HashData(original.ToByteArray()), Hub.ManifestSha256(original.EnvelopeId), "the stored letter is still the original");
        Assert.AreEqual(1L, Hub.Deliveries(original.EnvelopeId));
    }

    [TestMethod]
    public async Task AnUnknownRecipientIsRefusedAndNothingIsStored()
    {
        var stranger = new Cli.Local.LocalAgency(AgencyCode.Parse("000.00.99.H99"), "Không có trong danh bạ", Core.Agencies.GovernmentLevel.Commune);
        var contents = new[] { TestLetters.Content(5000, 3) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First, stranger], contents);

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(
                s_axis.Axis.Clients.Agency(TestAxis.Sender.Code), manifest.EnvelopeId,
                TestLetters.Sign(manifest, s_axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code)), contents),
            StatusCode.NotFound, RefusalReason.RecipientUnknown);

        Assert.AreEqual("manifest.recipients[1].code", refusal.Details["field"]);
        StringAssert.Contains(refusal.Message, "000.00.99.H99");
        Hub.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ATamperedAttachmentIsRefusedAndNothingIsStored()
    {
        var signedContent = TestLetters.Content(300_000, 4);
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], [signedContent]);
        var tampered = (byte[])signedContent.Clone();
        tampered[150_000] ^= 0x01;

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(
                s_axis.Axis.Clients.Agency(TestAxis.Sender.Code), manifest.EnvelopeId,
                TestLetters.Sign(manifest, s_axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code)), [tampered]),
            StatusCode.InvalidArgument, RefusalReason.AttachmentMismatch);

        Assert.AreEqual("manifest.attachments[0]", refusal.Details["field"]);
        StringAssert.Contains(refusal.Message, "SHA-256");
        Hub.AssertNothingStored(manifest.EnvelopeId);
        Assert.IsFalse(Hub.HasBlob(SHA256.HashData(tampered)), "the tampered content was not kept");
    }

    [TestMethod]
    public async Task ALetterSignedByAnotherAgencyIsRefusedAndNothingIsStored()
    {
        var contents = new[] { TestLetters.Content(1000, 5) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.Second], contents);
        var signedByFirst = TestLetters.Sign(manifest, s_axis.Axis.Pki.AgencySigning(TestAxis.First.Code));

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_axis.Axis.Clients.Agency(TestAxis.Sender.Code), manifest.EnvelopeId, signedByFirst, contents),
            StatusCode.PermissionDenied, RefusalReason.SignerNotSender);

        StringAssert.Contains(refusal.Message, TestAxis.First.Code.Value);
        StringAssert.Contains(refusal.Details["certificate"], TestAxis.First.Code.Value);
        Hub.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ALetterSubmittedOverAnotherAgencysTlsIsRefusedAndNothingIsStored()
    {
        var contents = new[] { TestLetters.Content(1000, 6) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.Second], contents);
        var signed = TestLetters.Sign(manifest, s_axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code));

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_axis.Axis.Clients.Agency(TestAxis.First.Code), manifest.EnvelopeId, signed, contents),
            StatusCode.PermissionDenied, RefusalReason.ClientNotSender);

        StringAssert.Contains(refusal.Message, TestAxis.First.Code.Value);
        Hub.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task AManifestAlteredAfterSigningIsRefusedAndNothingIsStored()
    {
        var contents = new[] { TestLetters.Content(1000, 7) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], contents);
        var signed = TestLetters.Sign(manifest, s_axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code));
        var altered = manifest.Clone();
        altered.Subject = "V/v nội dung đã bị sửa";
        signed.Manifest = altered.ToByteString();

        await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_axis.Axis.Clients.Agency(TestAxis.Sender.Code), manifest.EnvelopeId, signed, contents),
            StatusCode.InvalidArgument, RefusalReason.SignatureInvalid);

        Hub.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task AClassifiedLetterIsRefusedAndNothingIsStored()
    {
        var contents = new[] { TestLetters.Content(1000, 8) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], contents);
        manifest.Classification = Classification.Secret;

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(
                s_axis.Axis.Clients.Agency(TestAxis.Sender.Code), manifest.EnvelopeId,
                TestLetters.Sign(manifest, s_axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code)), contents),
            StatusCode.InvalidArgument, RefusalReason.ClassifiedDocument);

        Assert.AreEqual("manifest.classification", refusal.Details["field"]);
        Hub.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task AStreamThatEndsBeforeTheAttachmentIsCompleteIsRefusedAndNothingIsStored()
    {
        var content = TestLetters.Content(200_000, 9);
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], [content]);

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(
                s_axis.Axis.Clients.Agency(TestAxis.Sender.Code), manifest.EnvelopeId,
                TestLetters.Sign(manifest, s_axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code)), [content[..100_000]]),
            StatusCode.InvalidArgument, RefusalReason.AttachmentIncomplete);

        Assert.AreEqual("manifest.attachments[0].size", refusal.Details["field"]);
        Hub.AssertNothingStored(manifest.EnvelopeId);
    }
}
