using System.Security.Cryptography;
using DocAxis.Storage.Blobs;
using DocAxis.Testing;

namespace DocAxis.Storage.Tests;

/// <summary>Content addressed by its SHA-256 on a real directory: staged, promoted, read back.</summary>
[TestClass]
public sealed class BlobStoreBehaviour
{
    private string _root = "";
    private BlobStore _blobs = null!;

    [TestInitialize]
    public void CreateStore()
    {
        _root = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"blobs-{Guid.NewGuid():N}");
        _blobs = new BlobStore(_root);
    }

    [TestCleanup]
    public void RemoveStore() => Directory.Delete(_root, recursive: true);

    [TestMethod]
    public async Task PromotedContentIsFoundByItsDigestAndAnIdenticalUploadIsStoredOnce()
    {
        var content = RandomNumberGenerator.GetBytes(200_000);

        var first = await StageAsync(content);
        _blobs.Promote(first);
        var again = await StageAsync(content);
        _blobs.Promote(again);

        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(content)), first.Sha256Hex);
        Assert.IsTrue(_blobs.Exists(first.Sha256Hex));
        Assert.IsFalse(File.Exists(again.Path), "the second copy left staging");
        Assert.IsEmpty(Directory.GetFiles(_blobs.Staging));
        CollectionAssert.AreEqual(content, await ReadBackAsync(first));
    }

    [TestMethod]
    public async Task ContentWithinTheInlineLimitIsHandedOverInMemoryAndNeverBecomesAFile()
    {
        var content = RandomNumberGenerator.GetBytes((int)BlobStore.InlineLimit);

        var blobs = new BlobStore(_root, new EmptyDatabase());
        var staged = await StageAsync(blobs, content, chunk: 10_000);
        blobs.Promote(staged);

        Assert.IsNull(staged.Path);
        CollectionAssert.AreEqual(content, staged.Content);
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(content)), staged.Sha256Hex);
        Assert.IsEmpty(Directory.GetFiles(_root, "*", SearchOption.AllDirectories), "no staging file, no blob file");
        Assert.IsFalse(blobs.Exists(staged.Sha256Hex));
        Assert.AreSame(staged.Content, StagedBlob.InlineOf([staged]).Single().Content, "handed to the row that stores it");
    }

    [TestMethod]
    public async Task ContentThatGrowsPastTheInlineLimitMovesToAStagingFileWhole()
    {
        // Undeclared size (a DMS's draft does not say), so it starts in memory.
        var content = RandomNumberGenerator.GetBytes((int)BlobStore.InlineLimit + 1);

        var staged = await StageAsync(new BlobStore(_root, new EmptyDatabase()), content, chunk: 10_000);

        Assert.IsNull(staged.Content);
        Assert.IsNotNull(staged.Path);
        CollectionAssert.AreEqual(content, await File.ReadAllBytesAsync(staged.Path));
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(content)), staged.Sha256Hex);
    }

    [TestMethod]
    public async Task ContentOfManyWritebackStepsIsReadBackWholeAfterLeavingThePageCache()
    {
        // Past three 2 MB writeback steps, with a tail that ends mid-chunk: each step is written
        // and dropped from the cache while the next arrives, and the rest after the final fsync.
        var content = RandomNumberGenerator.GetBytes((7 * 1024 * 1024) + 12_345);

        var staged = await StageAsync(content, chunk: 64 * 1024);
        _blobs.Promote(staged);

        Assert.AreEqual(content.LongLength, staged.Size);
        Assert.AreEqual(Convert.ToHexStringLower(SHA256.HashData(content)), staged.Sha256Hex);
        CollectionAssert.AreEqual(content, await ReadBackAsync(staged), "read back in 64 KB pieces, each step dropped from the cache behind the reader");
    }

    [TestMethod]
    public async Task ADirectoryRemovedBehindTheStoresBackIsMadeAgain()
    {
        var first = await StageAsync(RandomNumberGenerator.GetBytes(100_000));
        _blobs.Promote(first);
        var directory = Path.GetDirectoryName(_blobs.PathOf(first.Sha256Hex))!;
        Directory.Delete(directory, recursive: true);

        // Staged under the same digest, so bound for the directory this store remembers having made.
        var second = await StageAsync(RandomNumberGenerator.GetBytes(100_000)) with { Sha256 = first.Sha256 };
        _blobs.Promote(second);

        Assert.IsTrue(_blobs.Exists(first.Sha256Hex), "promoted into the re-made directory");
    }

    [TestMethod]
    public async Task ContentReadForAnotherReaderStaysInThePageCacheAndOtherwiseLeavesIt()
    {
        var staged = await StageAsync(RandomNumberGenerator.GetBytes(8 * 1024 * 1024), chunk: 64 * 1024);
        _blobs.Promote(staged);
        var path = _blobs.PathOf(staged.Sha256Hex);
        var written = PageCacheResidency.Of(path);
        await ReadBackAsync(_blobs, staged, keepCached: true);
        var kept = PageCacheResidency.Of(path);
        await ReadBackAsync(_blobs, staged, keepCached: false);
        var left = PageCacheResidency.Of(path);

        Assert.IsLessThanOrEqualTo(0.1, written, $"written content left the cache once on disk ({written:P0} resident)");
        Assert.IsGreaterThanOrEqualTo(0.9, kept, $"content read for another reader stayed ({kept:P0} resident)");
        Assert.IsLessThanOrEqualTo(0.1, left, $"content read by the last reader was let go ({left:P0} resident)");
    }

    private Task<byte[]> ReadBackAsync(StagedBlob staged) => ReadBackAsync(_blobs, staged);

    private static async Task<byte[]> ReadBackAsync(BlobStore blobs, StagedBlob staged, bool keepCached = false)
    {
        using var copy = new MemoryStream();
        await foreach (var piece in blobs.ReadAsync(staged.Sha256Hex, staged.Size, new byte[64 * 1024], keepCached))
        {
            copy.Write(piece.Span);
        }

        return copy.ToArray();
    }

    [TestMethod]
    public async Task AStoreWithoutADatabaseKeepsEvenTinyContentInAFile()
    {
        var staged = await StageAsync([1, 2, 3]);

        Assert.IsNull(staged.Content, "nothing could find it again");
        Assert.IsNotNull(staged.Path);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, await File.ReadAllBytesAsync(staged.Path));
    }

    [TestMethod]
    public async Task OnlyContentSmallEnoughForARowIsLookedForInTheDatabase()
    {
        var database = new EmptyDatabase();
        var blobs = new BlobStore(_root, database);
        var large = await StageAsync(blobs, RandomNumberGenerator.GetBytes(200_000));
        blobs.Promote(large);
        // Small content kept as a file, as a store without a database (or an older version) keeps it.
        var small = await StageAsync([1, 2, 3]);
        _blobs.Promote(small);

        Assert.HasCount(200_000, await ReadBackAsync(blobs, large));
        Assert.AreEqual(0, database.Lookups, "content larger than a row holds is a file: the database is not asked");
        CollectionAssert.AreEqual(new byte[] { 1, 2, 3 }, await ReadBackAsync(blobs, small));
        Assert.AreEqual(1, database.Lookups, "small content is looked for in the database first, then found in its file");
    }

    private Task<StagedBlob> StageAsync(byte[] content, int? chunk = null) => StageAsync(_blobs, content, chunk);

    private static async Task<StagedBlob> StageAsync(BlobStore blobs, byte[] content, int? chunk = null)
    {
        await using var writer = blobs.BeginStaging();
        var step = chunk ?? content.Length;
        for (var offset = 0; offset < content.Length; offset += step)
        {
            await writer.WriteAsync(content.AsMemory(offset, Math.Min(step, content.Length - offset)), CancellationToken.None);
        }

        return await writer.CompleteAsync(CancellationToken.None);
    }

    /// <summary>A store's database before anything small was kept in it; counts the lookups.</summary>
    private sealed class EmptyDatabase : IInlineContent
    {
        public int Lookups { get; private set; }

        public Task<byte[]?> FindContentAsync(string sha256Hex, CancellationToken cancellationToken)
        {
            Lookups++;
            return Task.FromResult<byte[]?>(null);
        }
    }
}
