using System.Diagnostics;
using System.Security.Cryptography;
using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Testing;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Scanned annexes of hundreds of MB are normal, so transfers stream: memory per transfer is bounded
/// by the chunk size and the HTTP/2 windows, never by the size of the letter.
/// </summary>
[TestClass]
public sealed class LargeAttachmentTests
{
    private const long AttachmentBytes = 96L * 1024 * 1024;

    /// <summary>
    /// Generous: a fraction of the attachment. Buffering the attachment anywhere (DMS client, sender
    /// node, hub, recipient node, all in this process) would need at least 96 MB of live heap.
    /// </summary>
    private const long LiveHeapBound = 40L * 1024 * 1024;

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task A96MegabyteAttachmentStreamsThroughHubAndNodeWithBoundedMemory()
    {
        await using var axis = TestAxis.Create("large");
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var path = Path.Combine(axis.Axis.Root, "outgoing", "phu-luc-ban-scan.pdf");
        var expectedDigest = WriteLargeFile(path, AttachmentBytes);
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));

        var baseline = LiveHeap();
        using var sampler = new HeapSampler();
        var clock = Stopwatch.StartNew();
        var sent = await sender.SendAsync(TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First], "phu-luc-ban-scan.pdf"), [path]);
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First), "the large letter is delivered", TimeSpan.FromMinutes(4));
        var fetched = await new DmsClient(axis.Axis.Dms(TestAxis.First.Code)).FetchAsync(TestAxis.First.Code.Value, sent.EnvelopeId, folder: null);
        var peak = sampler.Stop();
        clock.Stop();

        Assert.IsTrue(fetched.AttachmentsVerified);
        Assert.AreEqual(AttachmentBytes, fetched.Bytes);
        CollectionAssert.AreEqual(expectedDigest, fetched.Letter.Manifest.Attachments[0].Sha256.ToByteArray());
        var growth = peak - baseline;
        TestContext.WriteLine($"96 MB through DMS -> node -> hub -> node -> DMS in {clock.Elapsed.TotalSeconds:F1} s; live heap baseline {baseline / 1048576.0:F1} MB, peak {peak / 1048576.0:F1} MB, growth {growth / 1048576.0:F1} MB over {sampler.Samples} samples");
        Assert.IsGreaterThan(5, sampler.Samples, "the heap was sampled during the transfer");
        Assert.IsLessThan(LiveHeapBound, growth, $"live heap grew by {growth / 1048576.0:F1} MB");
    }

    /// <summary>
    /// A letter to many agencies is read from the hub's disk once: its file stays in the page cache
    /// while recipients still wait for it, and the last delivery lets it go (large content otherwise
    /// leaves the cache behind every reader).
    /// </summary>
    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task TheHubKeepsALargeAttachmentCachedWhileRecipientsStillWaitForItAndDropsItAfterTheLast()
    {
        await using var axis = TestAxis.Create("cached-for-recipients");
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var content = TestLetters.Content(8 * 1024 * 1024, 4);
        var hex = Convert.ToHexStringLower(SHA256.HashData(content));
        var blob = Path.Combine(axis.HubDatabase.ContentRoot, "blobs", hex[..2], hex[2..4], hex);
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var sent = await sender.SendAsync(
            TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First, TestAxis.Second], "ban-scan.pdf"),
            [TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "ban-scan.pdf", content)]);
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First) && Traces.FailedAttempts(t, TestAxis.Second) > 0, "delivered to the first recipient while the second is offline");
        var whileWaiting = PageCacheResidency.Of(blob);

        await axis.Axis.StartNodeAsync(TestAxis.Second.Code);
        await Traces.WaitAsync(sender, sent.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.Second), "delivered to the second recipient once its node is up");
        var afterTheLast = PageCacheResidency.Of(blob);

        Assert.IsGreaterThanOrEqualTo(0.9, whileWaiting, $"the attachment stayed cached for the second recipient ({whileWaiting:P0} resident)");
        Assert.IsLessThanOrEqualTo(0.1, afterTheLast, $"the last delivery left the cache behind it ({afterTheLast:P0} resident)");
    }

    /// <summary>Bytes of live objects: the heap after a full blocking collection, less its free fragments.</summary>
    private static long LiveHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return info.HeapSizeBytes - info.FragmentedBytes;
    }

    private static byte[] WriteLargeFile(string path, long size)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1024 * 1024];
        var random = new Random(71);
        for (long written = 0; written < size; written += buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer);
            hash.AppendData(buffer);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Samples the live managed heap (after a full collection) while the transfer runs.</summary>
    private sealed class HeapSampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private long _peak;

        public HeapSampler() => _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                _peak = Math.Max(_peak, LiveHeap());
                Samples++;
                await Task.Delay(100);
            }
        });

        public int Samples { get; private set; }

        public long Stop()
        {
            _stop.Cancel();
            _loop.Wait();
            return _peak;
        }

        public void Dispose() => _stop.Dispose();
    }
}
