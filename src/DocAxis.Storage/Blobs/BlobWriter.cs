using System.Security.Cryptography;

namespace DocAxis.Storage.Blobs;

/// <summary>
/// Streams content into a staging file while computing its SHA-256 and size, so a transfer never
/// holds more than one chunk in memory. Disposing a writer that was not completed deletes the file.
/// </summary>
public sealed class BlobWriter : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _completed;

    internal BlobWriter(string path)
    {
        Path = path;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
    }

    public string Path { get; }

    public long Length { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _hash.AppendData(data.Span);
        await _file.WriteAsync(data, cancellationToken);
        Length += data.Length;
    }

    /// <summary>Flushes the content to stable storage and returns its digest.</summary>
    public async Task<StagedBlob> CompleteAsync(CancellationToken cancellationToken)
    {
        await _file.FlushAsync(cancellationToken);
        _file.Flush(flushToDisk: true);
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
