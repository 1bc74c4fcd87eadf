using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Transport.Streaming;
using Google.Protobuf;
using Grpc.Core;

namespace DocAxis.Integration.Tests;

/// <summary>
/// A stopping hub finishes the transfers in flight within its shutdown timeout; one it has to cut
/// off leaves nothing behind and is simply sent again.
/// </summary>
[TestClass]
public sealed class ShutdownTests
{
    private const int Size = 6 * 1024 * 1024;

    [TestMethod]
    public async Task AStoppingHubFinishesASubmissionInFlight()
    {
        await using var axis = TestAxis.Create("shutdown-finish");
        axis.Axis.HubOverrides["Hub:ShutdownTimeout"] = "00:00:30";
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var (manifest, contents, signed) = Letter(axis, 1);

        var submission = SlowSubmitAsync(axis, manifest, signed, contents[0]);
        await Task.Delay(700);
        var stopping = axis.Axis.StopHubAsync();
        var receipt = await submission;
        await stopping;

        Assert.AreEqual(manifest.EnvelopeId, AcceptanceReceipt.Parser.ParseFrom(receipt.Body).EnvelopeId);
        Assert.AreEqual(1L, axis.HubDatabase.Envelopes(manifest.EnvelopeId), "the letter that was in flight is stored");
        await axis.Axis.StartHubAsync();
        var recipient = new Cli.Letters.DmsClient(axis.Axis.Dms(TestAxis.First.Code));
        await Eventually.WaitAsync(() => recipient.InboxAsync(TestAxis.First.Code.Value), l => l.Count == 1, "and delivered after the restart");
    }

    [TestMethod]
    public async Task ATransferCutOffByShutdownLeavesNothingAndIsSentAgain()
    {
        await using var axis = TestAxis.Create("shutdown-cut");
        axis.Axis.HubOverrides["Hub:ShutdownTimeout"] = "00:00:00.500";
        await axis.StartAsync(TestAxis.Sender);
        var (manifest, contents, signed) = Letter(axis, 2);

        var submission = SlowSubmitAsync(axis, manifest, signed, contents[0]);
        await Task.Delay(700);
        await axis.Axis.StopHubAsync();
        var error = await Assert.ThrowsExactlyAsync<RpcException>(() => submission);

        Assert.IsTrue(error.StatusCode is StatusCode.Unavailable or StatusCode.Cancelled or StatusCode.Internal, $"{error.StatusCode}: {error.Status.Detail}");
        axis.HubDatabase.AssertNothingStored(manifest.EnvelopeId);
        await axis.Axis.StartHubAsync();
        var receipt = await TestLetters.SubmitAsync(axis.Axis.Clients.Agency(TestAxis.Sender.Code), manifest.EnvelopeId, signed, contents);
        Assert.AreEqual(manifest.EnvelopeId, AcceptanceReceipt.Parser.ParseFrom(receipt.Body).EnvelopeId);
    }

    private static (Manifest Manifest, byte[][] Contents, SignedManifest Signed) Letter(TestAxis axis, int seed)
    {
        var contents = new[] { TestLetters.Content(Size, seed) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], contents);
        return (manifest, contents, TestLetters.Sign(manifest, axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code)));
    }

    /// <summary>Streams the attachment at about 3 MB/s, so that the hub is stopped while it is still arriving.</summary>
    private static async Task<SignedAcceptance> SlowSubmitAsync(TestAxis axis, Manifest manifest, SignedManifest signed, byte[] content)
    {
        using var call = new SubmissionService.SubmissionServiceClient(axis.Axis.Clients.Agency(TestAxis.Sender.Code)).Submit();
        return await ClientStreamingCalls.SendAsync(call, async requests =>
        {
            await requests.WriteAsync(new SubmitRequest { Header = new SubmissionHeader { EnvelopeId = manifest.EnvelopeId, SignedManifest = signed } });
            foreach (var chunk in content.Chunk(ChunkStreams.ChunkSize))
            {
                await requests.WriteAsync(new SubmitRequest { Chunk = new AttachmentChunk { Data = ByteString.CopyFrom(chunk) } });
                await Task.Delay(20);
            }
        });
    }
}
