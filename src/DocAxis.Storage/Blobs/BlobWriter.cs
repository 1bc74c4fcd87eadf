using System.Security.Cryptography;

namespace DocAxis.Storage.Blobs;

/// <summary>
/// Streams content into a staging file while computing its SHA-256 and size, so a transfer never
/// holds more than one chunk in memory. Content that may be small enough to keep in the database
/// row (<see cref="BlobStore.InlineLimit"/>) is gathered in memory first and moves to a file only
/// if it grows past that: small content then costs no file, fsync, rename or directory sync.
/// Disposing a writer that was not completed deletes its file.
/// </summary>
public sealed class BlobWriter : IAsyncDisposable
{
    private readonly string _stagingPath;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private FileStream? _file;
    private MemoryStream? _memory;
    private bool _completed;
    private long _writebackStarted;
    private long _released;

    /// <param name="stagingPath">The staging file, made when content goes to disk.</param>
    /// <param name="inlineCapacity">Bytes to gather in memory first (the declared size if known), or null to write to disk from the start.</param>
    internal BlobWriter(string stagingPath, int? inlineCapacity)
    {
        _stagingPath = stagingPath;
        if (inlineCapacity is { } capacity)
        {
            _memory = new MemoryStream(capacity);
        }
        else
        {
            _file = OpenStagingFile();
        }
    }

    /// <summary>The staging file, or null while the content is kept in memory.</summary>
    public string? Path => _file is null ? null : _stagingPath;

    public long Length { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _hash.AppendData(data.Span);
        if (_memory is not null)
        {
            if (Length + data.Length <= BlobStore.InlineLimit)
            {
                _memory.Write(data.Span);
                Length += data.Length;
                return;
            }

            // Larger than a database row should hold: what was gathered goes to disk first.
            _file = OpenStagingFile();
            await _file.WriteAsync(_memory.GetBuffer().AsMemory(0, (int)_memory.Length), cancellationToken);
            _memory = null;
        }

        await _file!.WriteAsync(data, cancellationToken);
        Length += data.Length;
        if (Length - _writebackStarted >= PageCache.Step)
        {
            PageCache.StartWriteback(_file.SafeFileHandle, _writebackStarted, Length - _writebackStarted);

            // The step before this one had its writeback started a step ago, so it is normally on
            // disk already and releasing it does not wait.
            PageCache.ReleaseWritten(_file.SafeFileHandle, _released, _writebackStarted - _released);
            _released = _writebackStarted;
            _writebackStarted = Length;
        }
    }

    /// <summary>Flushes file content to stable storage (content kept in memory is handed over) and returns its digest.</summary>
    public async Task<StagedBlob> CompleteAsync(CancellationToken cancellationToken)
    {
        _completed = true;
        if (_memory is not null)
        {
            return new StagedBlob(null, _hash.GetHashAndReset(), Length, _memory.ToArray());
        }

        _file!.Flush(flushToDisk: true);
        if (_released > 0)
        {
            // Large content only: a small attachment is read back moments later, to deliver it.
            PageCache.ReleaseWritten(_file.SafeFileHandle, _released, Length - _released);
        }

        await _file.DisposeAsync();
        return new StagedBlob(_stagingPath, _hash.GetHashAndReset(), Length);
    }

    public async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        if (!_completed && _file is not null)
        {
            await _file.DisposeAsync();
            File.Delete(_stagingPath);
        }
    }

    // Unbuffered: chunks arrive 64 KB at a time, and the writeback must see every byte written.
    private FileStream OpenStagingFile() =>
        new(_stagingPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
}
