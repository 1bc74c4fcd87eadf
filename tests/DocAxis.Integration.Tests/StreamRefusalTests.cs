using System.Security.Cryptography;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Transport.Streaming;
using Google.Protobuf;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// The refusal catalogue, part 2: what arrives on the stream. Attachments that do not match the
/// signed manifest, messages that do not parse or come in the wrong order, and a sender that goes
/// away mid-upload all leave nothing behind.
/// </summary>
[TestClass]
public sealed class StreamRefusalTests
{
    private static CatalogueHub s_hub = null!;

    [ClassInitialize]
    public static async Task StartHub(TestContext context) => s_hub = await CatalogueHub.StartAsync("stream-refusals");

    [ClassCleanup]
    public static async Task StopHub() => await s_hub.Axis.DisposeAsync();

    [TestMethod]
    public async Task AlteredAttachmentContentIsRefused()
    {
        var content = TestLetters.Content(300_000, 201);
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], [content]);
        var tampered = (byte[])content.Clone();
        tampered[150_000] ^= 0x01;

        var refusal = await Refusals.AssertRefusedAsync(() => s_hub.SubmitAsync(manifest, [tampered]), StatusCode.InvalidArgument, RefusalReason.AttachmentMismatch);

        Assert.AreEqual("manifest.attachments[0]", refusal.Details["field"]);
        StringAssert.Contains(refusal.Message, "SHA-256");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
        Assert.IsFalse(s_hub.Database.HasBlob(SHA256.HashData(tampered)), "the altered content was not kept");
    }

    [TestMethod]
    public async Task AMissingAttachmentIsRefused()
    {
        var contents = new[] { TestLetters.Content(10_000, 202), TestLetters.Content(10_000, 203) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], contents);

        var refusal = await Refusals.AssertRefusedAsync(() => s_hub.SubmitAsync(manifest, [contents[0]]), StatusCode.InvalidArgument, RefusalReason.AttachmentIncomplete);

        Assert.AreEqual("manifest.attachments[1]", refusal.Details["field"]);
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task AnExtraAttachmentIsRefused()
    {
        var contents = new[] { TestLetters.Content(10_000, 204) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], contents);

        var refusal = await Refusals.AssertRefusedAsync(
            () => s_hub.SubmitAsync(manifest, [contents[0], TestLetters.Content(10, 205)]), StatusCode.InvalidArgument, RefusalReason.AttachmentMismatch);

        Assert.AreEqual("manifest.attachments[1]", refusal.Details["field"]);
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ContentLongerThanDeclaredIsRefusedAtTheChunkThatOverflows()
    {
        var content = TestLetters.Content(100_000, 206);
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], [content]);

        var refusal = await Refusals.AssertRefusedAsync(
            () => s_hub.SubmitAsync(manifest, [[.. content, .. TestLetters.Content(70_000, 207)]]), StatusCode.InvalidArgument, RefusalReason.AttachmentMismatch);

        StringAssert.Contains(refusal.Message, "more bytes than");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ATruncatedStreamIsRefused()
    {
        var (manifest, contents) = CatalogueHub.Letter(208);

        var refusal = await Refusals.AssertRefusedAsync(() => s_hub.SubmitAsync(manifest, []), StatusCode.InvalidArgument, RefusalReason.AttachmentIncomplete);

        StringAssert.Contains(refusal.Message, "ended");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
        Assert.IsNotEmpty(contents);
    }

    [TestMethod]
    public async Task AnEmptyStreamIsRefused()
    {
        var refusal = await Refusals.AssertRefusedAsync(
            () => RawSubmission.SendAsync(s_hub.SenderChannel, []), StatusCode.InvalidArgument, RefusalReason.MalformedMessage);
        StringAssert.Contains(refusal.Message, "before its header");
    }

    [TestMethod]
    public async Task MalformedManifestBytesAreRefused()
    {
        var (manifest, contents) = CatalogueHub.Letter(209);
        var garbage = new SignedManifest { Manifest = ByteString.CopyFrom(0xFF, 0xFF, 0xFF, 0x01), Signature = ByteString.CopyFrom(1, 2, 3) };

        var refusal = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_hub.SenderChannel, manifest.EnvelopeId, garbage, contents), StatusCode.InvalidArgument, RefusalReason.MalformedMessage);

        Assert.AreEqual("manifest", refusal.Details["field"]);
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task AMessageThatIsNotProtobufIsRefused()
    {
        await Refusals.AssertRefusedAsync(
            () => RawSubmission.SendAsync(s_hub.SenderChannel, [[0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]]), StatusCode.InvalidArgument, RefusalReason.MalformedMessage);
        Assert.AreEqual(0, s_hub.Database.StagedFiles());
    }

    [TestMethod]
    public async Task AChunkBeforeTheHeaderIsRefused()
    {
        var chunk = new SubmitRequest { Chunk = new AttachmentChunk { Data = ByteString.CopyFrom(1, 2, 3) } }.ToByteArray();

        var refusal = await Refusals.AssertRefusedAsync(
            () => RawSubmission.SendAsync(s_hub.SenderChannel, [chunk]), StatusCode.InvalidArgument, RefusalReason.MalformedMessage);

        StringAssert.Contains(refusal.Message, "header");
    }

    [TestMethod]
    public async Task ASecondHeaderIsRefused()
    {
        var (manifest, _) = CatalogueHub.Letter(210);
        var header = new SubmitRequest
        {
            Header = new SubmissionHeader { EnvelopeId = manifest.EnvelopeId, SignedManifest = TestLetters.Sign(manifest, s_hub.SenderSigning) },
        }.ToByteArray();

        await Refusals.AssertRefusedAsync(
            () => RawSubmission.SendAsync(s_hub.SenderChannel, [header, header]), StatusCode.InvalidArgument, RefusalReason.MalformedMessage);
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ChunksOutOfOrderAreRefused()
    {
        var contents = new[] { TestLetters.Content(100_000, 211), TestLetters.Content(100_000, 212) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], contents);
        var messages = new List<byte[]>
        {
            new SubmitRequest { Header = new SubmissionHeader { EnvelopeId = manifest.EnvelopeId, SignedManifest = TestLetters.Sign(manifest, s_hub.SenderSigning) } }.ToByteArray(),
            Chunk(1, contents[1][..1000]),
            Chunk(0, contents[0]),
        };

        var refusal = await Refusals.AssertRefusedAsync(
            () => RawSubmission.SendAsync(s_hub.SenderChannel, messages), StatusCode.InvalidArgument, RefusalReason.MalformedMessage);

        StringAssert.Contains(refusal.Message, "in order");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    public async Task ASenderThatDisconnectsMidUploadLeavesNoRowAndNoContent()
    {
        var content = TestLetters.Content((int)CatalogueHub.MaxAttachmentBytes, 213);
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], [content]);
        var signed = TestLetters.Sign(manifest, s_hub.SenderSigning);
        using var disconnect = new CancellationTokenSource();
        using var call = new SubmissionService.SubmissionServiceClient(s_hub.SenderChannel).Submit(cancellationToken: disconnect.Token);

        await call.RequestStream.WriteAsync(new SubmitRequest { Header = new SubmissionHeader { EnvelopeId = manifest.EnvelopeId, SignedManifest = signed } });
        foreach (var chunk in content[..(content.Length / 2)].Chunk(ChunkStreams.ChunkSize))
        {
            await call.RequestStream.WriteAsync(new SubmitRequest { Chunk = new AttachmentChunk { Data = ByteString.CopyFrom(chunk) } });
        }

        await Eventually.WaitAsync(() => Task.FromResult(s_hub.Database.StagedFiles()), n => n == 1, "the upload is being staged");
        await disconnect.CancelAsync();
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => call.ResponseAsync);
        Assert.AreEqual(StatusCode.Cancelled, error.StatusCode);

        await Eventually.WaitAsync(() => Task.FromResult(s_hub.Database.StagedFiles()), n => n == 0, "the partial upload is removed");
        s_hub.Database.AssertNothingStored(manifest.EnvelopeId);
        Assert.IsFalse(s_hub.Database.HasBlob(SHA256.HashData(content)));
    }

    private static byte[] Chunk(uint index, byte[] data) =>
        new SubmitRequest { Chunk = new AttachmentChunk { AttachmentIndex = index, Data = ByteString.CopyFrom(data) } }.ToByteArray();
}
