using System.Collections.Concurrent;
using System.Security.Cryptography;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Transport.Refusals;
using Google.Protobuf;
using Grpc.Core;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Thousands of valid submissions, each mutated at random the way a broken network, a buggy DMS
/// or an attacker would: flipped bits, truncated messages, swapped, repeated, dropped and shuffled
/// parts, fields moved inside the header. Each one must be accepted intact or refused cleanly with
/// a DocAxis reason, the hub must stay up, and the store must hold exactly what was accepted.
/// </summary>
[TestClass]
public sealed class MutationTests
{
    private const int Mutations = 3000;
    private const int ChunkSize = 8 * 1024;
    private const int Parallel = 4;

    private static readonly StatusCode[] CleanCodes =
    [
        StatusCode.InvalidArgument, StatusCode.PermissionDenied, StatusCode.NotFound, StatusCode.FailedPrecondition,
        StatusCode.ResourceExhausted, StatusCode.AlreadyExists,
    ];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task EveryMutatedSubmissionIsAcceptedIntactOrRefusedCleanly()
    {
        var hub = await CatalogueHub.StartAsync("mutations");
        await using var cleanup = hub.Axis;
        var random = new Random(20261124);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var signer = Crypto.Signing.SigningCredential.Load(hub.SenderSigning);
        var originals = Enumerable.Range(0, Mutations).Select(i => Submission(signer, random, i)).ToList();
        TestContext.WriteLine($"{Mutations} signed submissions prepared in {clock.Elapsed.TotalSeconds:F1} s");
        clock.Restart();
        var accepted = new ConcurrentDictionary<string, byte[]>();
        var refusals = new ConcurrentDictionary<string, int>();
        var unclean = new ConcurrentBag<string>();
        var mutations = originals.Select(o => (Original: o, Kind: Mutator.Mutate(o.Messages, random, out var mutated), Messages: mutated)).ToList();

        await System.Threading.Tasks.Parallel.ForEachAsync(mutations, new ParallelOptions { MaxDegreeOfParallelism = Parallel }, async (m, _) =>
        {
            try
            {
                var answer = SignedAcceptance.Parser.ParseFrom(await RawSubmission.SendAsync(hub.SenderChannel, m.Messages));
                var receipt = AcceptanceReceipt.Parser.ParseFrom(answer.Body);
                accepted[receipt.EnvelopeId] = receipt.ManifestSha256.ToByteArray();
                refusals.AddOrUpdate("accepted", 1, (_, n) => n + 1);
            }
            catch (RpcException e) when (CleanCodes.Contains(e.StatusCode) && RefusalStatus.FromRpcException(e) is { } refusal)
            {
                refusals.AddOrUpdate($"{e.StatusCode} {refusal.Reason}", 1, (_, n) => n + 1);
            }
            catch (RpcException e)
            {
                unclean.Add($"{m.Kind}: {e.StatusCode} {e.Status.Detail}");
            }
        });

        TestContext.WriteLine($"submitted in {clock.Elapsed.TotalSeconds:F1} s");
        foreach (var (outcome, count) in refusals.OrderByDescending(r => r.Value))
        {
            TestContext.WriteLine($"{count,5} {outcome}");
        }

        Assert.IsEmpty(unclean, string.Join("\n", unclean.Take(10)));
        Assert.IsGreaterThan(0, accepted.Count, "some mutations keep the letter intact (re-chunking, repeated empty parts)");
        Assert.IsGreaterThan(Mutations / 2, refusals.Where(r => r.Key != "accepted").Sum(r => r.Value), "most mutations are refused");

        foreach (var (id, digest) in accepted)
        {
            var original = originals.Single(o => o.EnvelopeId == id);
            CollectionAssert.AreEqual(original.ManifestSha256, digest, $"{id} was accepted with the bytes that were signed");
            CollectionAssert.AreEqual(original.ManifestSha256, hub.Database.ManifestSha256(id), $"{id} is stored with the bytes that were signed");
            Assert.AreEqual(1L, hub.Database.Deliveries(id));
            Assert.AreEqual(2L, hub.Database.Attachments(id));
            Assert.IsTrue(original.Contents.All(c => hub.Database.HasBlob(SHA256.HashData(c))), $"{id}'s attachments are stored intact");
        }

        Assert.AreEqual((long)accepted.Count, hub.Database.AllEnvelopes(), "the store holds exactly the accepted letters");
        Assert.AreEqual(0, hub.Database.StagedFiles(), "no upload is left in staging");
        var (probe, contents) = CatalogueHub.Letter(999_999);
        await hub.SubmitAsync(probe, contents);
        Assert.AreEqual(1L, hub.Database.Envelopes(probe.EnvelopeId), "the hub is still up and accepting");
    }

    private static Original Submission(Crypto.Signing.SigningCredential signer, Random random, int seed)
    {
        var contents = new[] { TestLetters.Content(random.Next(1, 3000), seed), TestLetters.Content(random.Next(ChunkSize, 4 * ChunkSize), seed + 1) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], contents);
        var signed = TestLetters.Sign(manifest, signer);
        var messages = new List<byte[]> { new SubmitRequest { Header = new SubmissionHeader { EnvelopeId = manifest.EnvelopeId, SignedManifest = signed } }.ToByteArray() };
        for (var i = 0; i < contents.Length; i++)
        {
            messages.AddRange(contents[i].Chunk(ChunkSize).Select(c =>
                new SubmitRequest { Chunk = new AttachmentChunk { AttachmentIndex = (uint)i, Data = ByteString.CopyFrom(c) } }.ToByteArray()));
        }

        return new Original(manifest.EnvelopeId, SHA256.HashData(signed.Manifest.Span), contents, messages);
    }

    private sealed record Original(string EnvelopeId, byte[] ManifestSha256, byte[][] Contents, List<byte[]> Messages);
}
