using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Crypto.Pki;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Streaming;
using DocAxis.Transport.Tls;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// A recipient node as the hub sees it: it verifies before it stores, answers a redelivery with
/// the original receipt, and takes deliveries from the hub only.
/// </summary>
[TestClass]
public sealed class NodeDeliveryTests
{
    [TestMethod]
    public async Task ARedeliveredLetterIsAnsweredWithTheOriginalReceiptAndStoredOnce()
    {
        await using var axis = TestAxis.Create("redeliver");
        await axis.StartAsync();
        var (letter, content) = await DeliveredLetterAsync(axis);

        using var asHub = Channel(axis, axis.Axis.Pki.HubTls, TestAxis.First);
        var again = await DeliverAsync(asHub, letter, content);

        Assert.AreEqual(letter.DeliveryReceipt.Body, again.Body);
        Assert.AreEqual(letter.DeliveryReceipt.Signature, again.Signature);
        Assert.HasCount(1, await new DmsClient(axis.Axis.Dms(TestAxis.First.Code)).InboxAsync(TestAxis.First.Code.Value));
    }

    [TestMethod]
    public async Task ADeliveryWhoseSignatureDoesNotVerifyIsRefusedAndNotStored()
    {
        await using var axis = TestAxis.Create("badsig");
        await axis.StartAsync();
        var (letter, content) = await DeliveredLetterAsync(axis);
        var forged = letter.Clone();
        var manifest = forged.Manifest.Clone();
        manifest.EnvelopeId = Core.Letters.EnvelopeId.New().ToString();
        forged.EnvelopeId = manifest.EnvelopeId;
        forged.SignedManifest.Manifest = manifest.ToByteString();

        using var asHub = Channel(axis, axis.Axis.Pki.HubTls, TestAxis.First);
        await Refusals.AssertRefusedAsync(() => DeliverAsync(asHub, forged, content), StatusCode.InvalidArgument, RefusalReason.SignatureInvalid);

        var inbox = await new DmsClient(axis.Axis.Dms(TestAxis.First.Code)).InboxAsync(TestAxis.First.Code.Value);
        Assert.AreEqual(letter.EnvelopeId, inbox.Single().EnvelopeId, "only the genuine letter is in the inbox");
    }

    [TestMethod]
    public async Task OnlyTheHubMayDeliverToANode()
    {
        await using var axis = TestAxis.Create("nothub");
        await axis.StartAsync();
        var (letter, content) = await DeliveredLetterAsync(axis);

        using var asAgency = Channel(axis, axis.Axis.Pki.AgencyTls(TestAxis.Sender.Code), TestAxis.First);
        var refusal = await Refusals.AssertRefusedAsync(() => DeliverAsync(asAgency, letter, content), StatusCode.PermissionDenied, RefusalReason.AccessDenied);
        StringAssert.Contains(refusal.Message, TestAxis.Sender.Code.Value);
    }

    [TestMethod]
    [DataRow(false, DisplayName = "no signed manifest at all")]
    [DataRow(true, DisplayName = "manifest bytes without their signature")]
    public async Task ADeliveryWithoutASignedManifestIsRefusedAndNotStored(bool withBytes)
    {
        await using var axis = TestAxis.Create(withBytes ? "nosig" : "nomanifest");
        await axis.StartAsync();
        var (letter, content) = await DeliveredLetterAsync(axis);
        var unsigned = letter.Clone();
        unsigned.EnvelopeId = Core.Letters.EnvelopeId.New().ToString();
        unsigned.SignedManifest = withBytes ? new SignedManifest { Manifest = letter.SignedManifest.Manifest } : null;

        using var asHub = Channel(axis, axis.Axis.Pki.HubTls, TestAxis.First);
        var refusal = await Refusals.AssertRefusedAsync(() => DeliverAsync(asHub, unsigned, content), StatusCode.InvalidArgument, RefusalReason.FieldInvalid);

        Assert.AreEqual("header.signed_manifest", refusal.Details["field"]);
        await AssertOnlyInInboxAsync(axis, letter.EnvelopeId);
    }

    [TestMethod]
    public async Task ADeliveryWhoseManifestBreaksTheLetterRulesIsRefusedEvenWhenSignedAndAccepted()
    {
        await using var axis = TestAxis.Create("rules");
        await axis.StartAsync();
        var (letter, content) = await DeliveredLetterAsync(axis);
        // A letter the hub would have refused, signed by its sender and "accepted" with the hub's own key:
        // the node holds it to the same rules rather than trusting the hub's word.
        var manifest = letter.Manifest.Clone();
        manifest.EnvelopeId = Core.Letters.EnvelopeId.New().ToString();
        manifest.Attachments[0].Name = "../../etc/cron.d/a.pdf";
        var forged = letter.Clone();
        forged.EnvelopeId = manifest.EnvelopeId;
        forged.SignedManifest = TestLetters.Sign(manifest, axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code));
        forged.Acceptance = HubAcceptance(axis, manifest.EnvelopeId, forged.SignedManifest);

        using var asHub = Channel(axis, axis.Axis.Pki.HubTls, TestAxis.First);
        var refusal = await Refusals.AssertRefusedAsync(() => DeliverAsync(asHub, forged, content), StatusCode.InvalidArgument, RefusalReason.FieldInvalid);

        Assert.AreEqual("manifest.attachments[0].name", refusal.Details["field"]);
        await AssertOnlyInInboxAsync(axis, letter.EnvelopeId);
    }

    private static SignedAcceptance HubAcceptance(TestAxis axis, string envelopeId, SignedManifest signed)
    {
        var receipt = new AcceptanceReceipt
        {
            EnvelopeId = envelopeId,
            ManifestSha256 = ByteString.CopyFrom(System.Security.Cryptography.SHA256.HashData(signed.Manifest.Span)),
            SenderCode = TestAxis.Sender.Code.Value,
            RecipientCodes = { TestAxis.First.Code.Value },
            AcceptedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()),
            HubId = "docaxis-hub",
        };
        var (body, signature) = Transport.Signing.SignedMessages.Sign(receipt, Crypto.Signing.SigningCredential.Load(axis.Axis.Pki.HubSigning), TimeProvider.System.GetUtcNow());
        return new SignedAcceptance { Body = body, Signature = signature };
    }

    private static async Task AssertOnlyInInboxAsync(TestAxis axis, string envelopeId)
    {
        var inbox = await new DmsClient(axis.Axis.Dms(TestAxis.First.Code)).InboxAsync(TestAxis.First.Code.Value);
        Assert.AreEqual(envelopeId, inbox.Single().EnvelopeId, "only the genuine letter is in the inbox");
    }

    /// <summary>Sends one letter to the first recipient the normal way and returns it as the recipient stored it.</summary>
    private static async Task<(InboxLetter Letter, byte[] Content)> DeliveredLetterAsync(TestAxis axis)
    {
        var content = TestLetters.Content(150_000, 61);
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var sent = await sender.SendAsync(
            TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First], "a.pdf"),
            [TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "a.pdf", content)]);
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First), "delivered");
        var fetched = await new DmsClient(axis.Axis.Dms(TestAxis.First.Code)).FetchAsync(TestAxis.First.Code.Value, sent.EnvelopeId, folder: null);
        return (fetched.Letter, content);
    }

    private static GrpcChannel Channel(TestAxis axis, KeyFiles client, Cli.Local.LocalAgency node)
    {
        var authenticator = PeerAuthenticator.Anchored([axis.Axis.Pki.TrustAnchorPath]);
        var certificate = TlsCertificates.Load(new CertificateOptions { CertificatePath = client.CertificatePath, KeyPath = client.KeyPath });
        return PeerChannels.Create(axis.Axis.NodeEndpoint(node.Code), certificate, authenticator);
    }

    private static async Task<SignedDeliveryReceipt> DeliverAsync(GrpcChannel channel, InboxLetter letter, byte[] content)
    {
        using var call = new DeliveryService.DeliveryServiceClient(channel).Deliver();
        return await ClientStreamingCalls.SendAsync(call, async requests =>
        {
            await requests.WriteAsync(new DeliverRequest
            {
                Header = new DeliveryHeader
                {
                    EnvelopeId = letter.EnvelopeId,
                    RecipientCode = letter.RecipientCode,
                    SignedManifest = letter.SignedManifest,
                    Acceptance = letter.Acceptance,
                    Attempt = 9,
                },
            });
            foreach (var chunk in content.Chunk(ChunkStreams.ChunkSize))
            {
                await requests.WriteAsync(new DeliverRequest { Chunk = new AttachmentChunk { Data = ByteString.CopyFrom(chunk) } });
            }
        });
    }
}
