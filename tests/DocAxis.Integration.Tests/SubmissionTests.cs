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
/// Submissions straight to a hub over mutual TLS on loopback: the envelope id is an idempotency
/// key. (Refusals are in RefusalCatalogueTests.)
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
}
