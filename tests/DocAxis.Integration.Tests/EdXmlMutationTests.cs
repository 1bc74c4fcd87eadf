using System.Collections.Concurrent;
using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Transport.Refusals;
using Grpc.Core;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Thousands of edXML packages, each damaged at random, sent to a real node: every one is imported
/// as the package says or refused with a DocAxis reason, and the outbox holds exactly the imported
/// ones, with no staged content left behind.
/// </summary>
[TestClass]
public sealed class EdXmlMutationTests
{
    private const int Mutations = 2000;
    private const int Parallel = 4;

    private static readonly StatusCode[] CleanCodes =
    [
        StatusCode.InvalidArgument, StatusCode.PermissionDenied, StatusCode.NotFound, StatusCode.FailedPrecondition, StatusCode.ResourceExhausted,
    ];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task EveryMutatedPackageIsImportedAsItSaysOrRefusedCleanly()
    {
        await using var axis = TestAxis.Create("edxml-mutations", TestAxis.Sender, TestAxis.First, TestAxis.Second with { LegacyCode = "28.22.H17" });
        await axis.StartAsync(TestAxis.Sender);
        var node = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var xml = EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, "28.22.H17");
        var random = new Random(20261203);
        var packages = Enumerable.Range(0, Mutations).Select(_ => (Kind: PackageMutator.Mutate(xml, random, out var bytes), Bytes: bytes, Id: Core.Letters.EnvelopeId.New().ToString())).ToList();
        var imported = new ConcurrentDictionary<string, Manifest>();
        var outcomes = new ConcurrentDictionary<string, int>();
        var unclean = new ConcurrentBag<string>();

        await System.Threading.Tasks.Parallel.ForEachAsync(packages, new ParallelOptions { MaxDegreeOfParallelism = Parallel }, async (p, _) =>
        {
            try
            {
                var sent = await node.SendEdXmlAsync(TestAxis.Sender.Code.Value, new MemoryStream(p.Bytes), p.Id);
                imported[sent.EnvelopeId] = Manifest.Parser.ParseFrom(sent.SignedManifest.Manifest);
                outcomes.AddOrUpdate($"imported ({p.Kind})", 1, (_, n) => n + 1);
            }
            catch (RpcException e) when (CleanCodes.Contains(e.StatusCode) && RefusalStatus.FromRpcException(e) is { } refusal)
            {
                outcomes.AddOrUpdate($"{refusal.Reason}", 1, (_, n) => n + 1);
            }
            catch (RpcException e)
            {
                unclean.Add($"{p.Kind}: {e.StatusCode} {e.Status.Detail}");
            }
        });

        foreach (var (outcome, count) in outcomes.OrderByDescending(o => o.Value))
        {
            TestContext.WriteLine($"{count,5} {outcome}");
        }

        Assert.IsEmpty(unclean, string.Join("\n", unclean.Take(10)));
        Assert.IsGreaterThan(Mutations / 2, outcomes.Where(o => !o.Key.StartsWith("imported", StringComparison.Ordinal)).Sum(o => o.Value), "most damage is refused");
        foreach (var (id, manifest) in imported)
        {
            var package = packages.Single(p => p.Id == id);
            var offline = await EdXmlPackages.ReadAsync(new MemoryStream(package.Bytes));
            Assert.AreEqual(offline.Manifest.Subject, manifest.Subject, $"{package.Kind}: imported as the package says");
            CollectionAssert.AreEqual(
                offline.Manifest.Attachments.Select(a => $"{a.Name} {a.Size} {Convert.ToHexString(a.Sha256.Span)}").ToArray(),
                manifest.Attachments.Select(a => $"{a.Name} {a.Size} {Convert.ToHexString(a.Sha256.Span)}").ToArray(),
                $"{package.Kind}: the attachments are the package's bytes");
        }

        var outbox = new HubInspector(axis.Axis.NodeDataDirectory(TestAxis.Sender.Code), "node.db");
        Assert.AreEqual((long)imported.Count, outbox.Scalar("SELECT COUNT(*) FROM outbox"), "the outbox holds exactly the imported packages");
        foreach (var id in imported.Keys)
        {
            Assert.AreEqual(1L, outbox.Count("outbox", "envelope_id", id));
        }

        Assert.IsEmpty(Directory.GetFiles(Path.Combine(axis.Axis.NodeDataDirectory(TestAxis.Sender.Code), "content", "staging")), "no staged content is left behind");
    }
}
