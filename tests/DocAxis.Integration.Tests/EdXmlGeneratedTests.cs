using System.Collections.Concurrent;
using CsCheck;
using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.EdXml;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Testing;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Generated packages (Vietnamese text, empty and maximal fields, many attachments) imported at one
/// node, carried through the hub and exported at the recipient's: the same header, field by field,
/// and the same bytes. And an attachment over the node's limit is refused by name.
/// </summary>
[TestClass]
public sealed class EdXmlGeneratedTests
{
    private const int Letters = 120;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(600_000, CooperativeCancellation = true)]
    public async Task GeneratedPackagesCrossTheHubFieldByField()
    {
        await using var axis = TestAxis.Create("edxml-generated", TestAxis.Sender, TestAxis.First);
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var generated = new ConcurrentBag<(Manifest Manifest, byte[][] Contents)>();
        GeneratedPackages.Letter.Sample(letter => generated.Add(letter), iter: Letters, threads: 1);
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var sent = new List<(string EnvelopeId, byte[] Package, byte[][] Contents)>();
        foreach (var letter in generated)
        {
            var (manifest, contents) = GeneratedPackages.Deliverable(letter, TestAxis.Sender.Code.Value, [TestAxis.First.Code.Value]);
            using var package = new MemoryStream();
            await EdXmlWriter.WriteLetterAsync(package, manifest, contents.Select(c => Chunks(c)));
            var answer = await sender.SendEdXmlAsync(TestAxis.Sender.Code.Value, new MemoryStream(package.ToArray()));
            sent.Add((answer.EnvelopeId, package.ToArray(), contents));
        }

        var recipient = new DmsClient(axis.Axis.Dms(TestAxis.First.Code));

        foreach (var (envelopeId, package, contents) in sent)
        {
            await Traces.WaitAsync(sender, envelopeId, t => Traces.IsDelivered(t, TestAxis.First), $"{envelopeId} arrives");
            using var exported = new MemoryStream();
            await recipient.FetchEdXmlAsync(TestAxis.First.Code.Value, envelopeId, exported);
            exported.Position = 0;
            var original = await EdXmlPackages.ReadAsync(new MemoryStream(package));
            var received = await EdXmlPackages.ReadAsync(exported);
            Assert.AreEqual(original.Manifest, received.Manifest, $"{envelopeId}: the header, field by field");
            Assert.HasCount(contents.Length, received.Contents);
            for (var i = 0; i < contents.Length; i++)
            {
                CollectionAssert.AreEqual(contents[i], received.Contents[i], $"{envelopeId}: attachment {i}");
            }
        }

        TestContext.WriteLine($"{Letters} generated packages, {sent.Sum(s => s.Contents.Length)} attachments, {sent.Sum(s => s.Package.Length):N0} package bytes crossed the hub intact");
    }

    [TestMethod]
    public async Task AnAttachmentOverTheNodesLimitIsRefusedByNameAndNothingIsKept()
    {
        await using var axis = TestAxis.Create("edxml-limit", TestAxis.Sender, TestAxis.First, TestAxis.Second);
        axis.Axis.NodeOverrides["Node:MaxAttachmentBytes"] = "500";
        await axis.StartAsync(TestAxis.Sender);
        var xml = EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, TestAxis.Second.Code.Value);
        var refusal = await Refusals.AssertRefusedAsync(
            () => new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code)).SendEdXmlAsync(TestAxis.Sender.Code.Value, EdXmlPackages.Stream(xml)),
            StatusCode.ResourceExhausted, RefusalReason.LimitExceeded);
        StringAssert.Contains(refusal.Message, "phu-luc-1.bin");
        Assert.AreEqual(0L, new HubInspector(axis.Axis.NodeDataDirectory(TestAxis.Sender.Code), "node.db").Scalar("SELECT COUNT(*) FROM outbox"));
        Assert.IsEmpty(Directory.GetFiles(Path.Combine(axis.Axis.NodeDataDirectory(TestAxis.Sender.Code), "content", "staging")));
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] content)
    {
        await Task.CompletedTask;
        for (var offset = 0; offset < content.Length; offset += 1000)
        {
            yield return content.AsMemory(offset, Math.Min(1000, content.Length - offset));
        }
    }
}
