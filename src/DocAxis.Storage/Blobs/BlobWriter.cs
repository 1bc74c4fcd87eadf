using System.Security.Cryptography;

namespace DocAxis.Storage.Blobs;

/// <summary>
/// Streams content into a staging file while computing its SHA-256 and size, so a transfer never
/// holds more than one chunk in memory. Disposing a writer that was not completed deletes the file.
/// </summary>
public sealed class BlobWriter : IAsyncDisposable
{
    /// <summary>How much written content may wait in the page cache before its writeback is started.</summary>
    internal const long WritebackStep = 2 * 1024 * 1024;

    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _completed;
    private long _writebackStarted;
    private long _released;

    internal BlobWriter(string path)
    {
        Path = path;
        // Unbuffered: chunks arrive 64 KB at a time, and the writeback must see every byte written.
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
    }

    public string Path { get; }

    public long Length { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _hash.AppendData(data.Span);
        await _file.WriteAsync(data, cancellationToken);
        Length += data.Length;
        if (Length - _writebackStarted >= WritebackStep)
        {
            PageCache.StartWriteback(_file.SafeFileHandle, _writebackStarted, Length - _writebackStarted);

            // The step before this one had its writeback started a step ago, so it is normally on
            // disk already and releasing it does not wait.
            PageCache.ReleaseWritten(_file.SafeFileHandle, _released, _writebackStarted - _released);
            _released = _writebackStarted;
            _writebackStarted = Length;
        }
    }

    /// <summary>Flushes the content to stable storage and returns its digest.</summary>
    public async Task<StagedBlob> CompleteAsync(CancellationToken cancellationToken)
    {
        _file.Flush(flushToDisk: true);
        if (_released > 0)
        {
            // Large content only: a small attachment is read back moments later, to deliver it.
            PageCache.ReleaseWritten(_file.SafeFileHandle, _released, Length - _released);
        }

        await _file.DisposeAsync();
        _completed = true;
        return new StagedBlob(Path, _hash.GetHashAndReset(), Length);
    }

    public async ValueTask DisposeAsync()
    {
        _hash.Dispose();
        if (!_completed)
        {
            await _file.DisposeAsync();
            File.Delete(Path);
        }
    }
}
