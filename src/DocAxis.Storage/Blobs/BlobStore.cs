using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace DocAxis.Storage.Blobs;

/// <summary>
/// Attachment content, stored once per distinct SHA-256 under <c>blobs/ab/cd/&lt;hex&gt;</c>.
/// Uploads stream into <c>staging/</c>, which nothing reads; a staged file is promoted only once
/// its digest and size are known to match the signed manifest, and the database row that refers to
/// it is committed after that, and after the directory holding its new name is synced. Staging that
/// was never promoted is swept. Content of <see cref="InlineLimit"/> or less never becomes a file:
/// the letter's own commit stores it in the database, and reading asks <see cref="IInlineContent"/> first.
/// </summary>
public sealed class BlobStore
{
    /// <summary>
    /// Content of this size or smaller is kept in the database row, committed with the letter,
    /// rather than in a file of its own, whose fsync, rename and directory sync would cost a small
    /// letter more than everything else the hub does for it.
    /// </summary>
    public const long InlineLimit = 64 * 1024;

    private readonly string _blobs;
    private readonly IInlineContent? _inline;
    private readonly ConcurrentDictionary<string, bool> _directories = new();

    /// <param name="root">The folder for content files.</param>
    /// <param name="inline">Where content kept in database rows is found; without it, only files are.</param>
    public BlobStore(string root, IInlineContent? inline = null)
    {
        _inline = inline;
        Root = Path.GetFullPath(root);
        Staging = Path.Combine(Root, "staging");
        _blobs = Path.Combine(Root, "blobs");
        Directory.CreateDirectory(Staging);
        Directory.CreateDirectory(_blobs);
    }

    public string Root { get; }

    public string Staging { get; }

    /// <summary>
    /// Starts receiving content: in memory while it is within <see cref="InlineLimit"/>, straight
    /// into a staging file if its declared size is already larger, or if this store has no
    /// database to keep small content in (it could not find it again).
    /// </summary>
    public BlobWriter BeginStaging(long? declaredSize = null) => new(
        Path.Combine(Staging, Guid.NewGuid().ToString("N") + ".part"),
        (_inline, declaredSize) switch
        {
            (null, _) => null,
            (_, null) => 16 * 1024,
            (_, <= InlineLimit) => (int)Math.Max(declaredSize.Value, 0),
            _ => null,
        });

    /// <summary>
    /// Moves staged content to its content address; an identical blob already there is kept.
    /// Content kept in memory has no file to move: the row that refers to it stores it.
    /// </summary>
    public void Promote(StagedBlob staged)
    {
        if (staged.Path is null)
        {
            return;
        }

        var target = PathOf(staged.Sha256Hex);
        var directory = Path.GetDirectoryName(target)!;
        if (File.Exists(target))
        {
            // The same content, perhaps promoted a moment ago by a submission that has not yet synced it.
            File.Delete(staged.Path);
            DirectorySync.Flush(directory);
            return;
        }

        if (!_directories.ContainsKey(directory))
        {
            // mkdir on a directory that exists still locks its parent, so each of the 65,536
            // directories is made once per process.
            MakeDirectory(directory);
            _directories.TryAdd(directory, true);
        }

        try
        {
            File.Move(staged.Path, target, overwrite: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Removed behind this process's back (an operator's clean-up): make it again.
            MakeDirectory(directory);
            File.Move(staged.Path, target, overwrite: true);
        }

        // Before the row that refers to the blob is committed, its name must be as durable as its content.
        DirectorySync.Flush(directory);
    }

    private void MakeDirectory(string directory)
    {
        // After a restart every directory is met again; one that exists needs neither mkdir (which
        // locks the parent) nor the two syncs of the directories above it.
        if (Directory.Exists(directory))
        {
            return;
        }

        Directory.CreateDirectory(directory);

        // A new directory's name, and a new parent's, are entries in the directories above it.
        DirectorySync.Flush(Path.GetDirectoryName(directory)!);
        DirectorySync.Flush(_blobs);
    }

    /// <summary>Removes staged content that will not be promoted (a refused or duplicate upload).</summary>
    public static void Discard(IEnumerable<StagedBlob> staged)
    {
        foreach (var blob in staged)
        {
            blob.Discard();
        }
    }

    public bool Exists(string sha256Hex) => File.Exists(PathOf(sha256Hex));

    /// <summary>
    /// Reads stored content in order, one <paramref name="buffer"/>ful at a time (content kept in a
    /// database row in one piece); each piece is valid until the next is asked for. Large content
    /// leaves the page cache behind the reader, unless <paramref name="keepCached"/> says another
    /// reader will want it soon. <paramref name="size"/> is the size recorded with the content's row:
    /// content larger than <see cref="InlineLimit"/> is always a file, so the database is not asked for it.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadAsync(
        string sha256Hex, long size, byte[] buffer, bool keepCached = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_inline is not null && size <= InlineLimit && await _inline.FindContentAsync(sha256Hex, cancellationToken) is { } kept)
        {
            // An empty attachment is no piece at all, as an empty file reads.
            if (kept.Length > 0)
            {
                yield return kept;
            }

            yield break;
        }

        using var file = File.OpenHandle(PathOf(sha256Hex), FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.SequentialScan);
        long offset = 0;
        long released = 0;
        int read;
        while ((read = await RandomAccess.ReadAsync(file, buffer, offset, cancellationToken)) > 0)
        {
            offset += read;
            yield return buffer.AsMemory(0, read);
            if (!keepCached && offset - released >= PageCache.Step)
            {
                PageCache.ReleaseRead(file, released, offset - released);
                released = offset;
            }
        }

        if (released > 0)
        {
            PageCache.ReleaseRead(file, released, offset - released);
        }
    }

    /// <summary>
    /// Reads several contents one after the other (a letter's attachments, by SHA-256 and recorded
    /// size) in pieces of at most <paramref name="pieceSize"/> bytes, through one buffer: read each
    /// to its end before the next.
    /// </summary>
    public IEnumerable<IAsyncEnumerable<ReadOnlyMemory<byte>>> ReadInOrder(
        IEnumerable<(string Sha256Hex, long Size)> contents, int pieceSize, bool keepCached, CancellationToken cancellationToken)
    {
        var buffer = new byte[pieceSize];
        foreach (var (sha256Hex, size) in contents)
        {
            yield return ReadAsync(sha256Hex, size, buffer, keepCached, cancellationToken);
        }
    }

    /// <summary>Deletes staged files older than <paramref name="cutoff"/>: uploads that were abandoned or refused.</summary>
    public int SweepStaging(DateTimeOffset cutoff)
    {
        var removed = 0;
        foreach (var file in Directory.EnumerateFiles(Staging, "*.part"))
        {
            if (File.GetLastWriteTimeUtc(file) < cutoff.UtcDateTime)
            {
                File.Delete(file);
                removed++;
            }
        }

        return removed;
    }

    public string PathOf(string sha256Hex)
    {
        if (sha256Hex.Length != 64 || !sha256Hex.All(Uri.IsHexDigit))
        {
            throw new ArgumentException($"\"{sha256Hex}\" is not a SHA-256 in hex.", nameof(sha256Hex));
        }

        return Path.Combine(_blobs, sha256Hex[..2], sha256Hex[2..4], sha256Hex);
    }
}
