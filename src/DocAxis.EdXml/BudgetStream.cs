using DocAxis.Core;

namespace DocAxis.EdXml;

/// <summary>
/// A read-only view of the package that refuses to read past a budget. The reader grants a small
/// budget for each part that is loaded into memory (the header, the manifest, an attachment's
/// names) and lifts it only while base64 content streams through in chunks.
/// </summary>
internal sealed class BudgetStream(Stream inner, long maxPackageBytes, int keepBytes) : Stream
{
    private MemoryStream? _kept = keepBytes > 0 ? new MemoryStream() : null;

    /// <summary>The package's bytes, if it was no larger than the copy the reader keeps to verify a signature.</summary>
    public byte[]? Kept => _kept?.ToArray();

    private long _limit = long.MaxValue;
    private string _part = "the package";
    private long _granted;

    public long Position64 { get; private set; }

    public void Limit(long bytes, string part)
    {
        _granted = bytes;
        _limit = Position64 + bytes;
        _part = part;
    }

    public void Unlimit() => _limit = long.MaxValue;

    private readonly byte[] _ahead = new byte[AheadBytes];
    private int _aheadStart;
    private int _aheadEnd;
    private bool _innerEnded;

    /// <summary>How much <see cref="FillAsync"/> can hold: enough for several decoded chunks of base64.</summary>
    public const int AheadBytes = 1024 * 1024;

    /// <summary>What must wait in memory before a chunk is decoded: a 256 KiB chunk takes about 350 KiB of base64.</summary>
    public const int DecodeMargin = 384 * 1024;

    /// <summary>
    /// Reads ahead, asynchronously, until <paramref name="atLeast"/> bytes wait (or the package ends),
    /// so that the synchronous reads of the base64 decoder that follow are served from memory and
    /// never block a thread on the network.
    /// </summary>
    public async ValueTask FillAsync(int atLeast, CancellationToken cancellationToken)
    {
        if (_innerEnded || _aheadEnd - _aheadStart >= atLeast)
        {
            return;
        }

        if (_aheadStart > 0)
        {
            Buffer.BlockCopy(_ahead, _aheadStart, _ahead, 0, _aheadEnd - _aheadStart);
            _aheadEnd -= _aheadStart;
            _aheadStart = 0;
        }

        while (!_innerEnded && _aheadEnd < _ahead.Length)
        {
            var read = await inner.ReadAsync(_ahead.AsMemory(_aheadEnd), cancellationToken);
            _innerEnded = read == 0;
            _aheadEnd += read;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        count = Allowed(count);
        return Count(_aheadEnd > _aheadStart ? FromAhead(buffer.AsSpan(offset, count)) : inner.Read(buffer, offset, count), buffer.AsSpan(offset));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        buffer = buffer[..Allowed(buffer.Length)];
        return Count(_aheadEnd > _aheadStart ? FromAhead(buffer.Span) : await inner.ReadAsync(buffer, cancellationToken), buffer.Span);
    }

    private int FromAhead(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _aheadEnd - _aheadStart);
        _ahead.AsSpan(_aheadStart, count).CopyTo(buffer);
        _aheadStart += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Allowed(int count)
    {
        var left = Math.Min(_limit, maxPackageBytes) - Position64;
        if (left <= 0)
        {
            throw Position64 >= maxPackageBytes
                ? new RefusalException(RefusalReason.LimitExceeded, $"The edXML package is larger than {maxPackageBytes} bytes, the limit of this node.", new Dictionary<string, string> { ["limit"] = "max_package_bytes" })
                : new RefusalException(RefusalReason.LimitExceeded, $"{_part} is larger than the {_granted} bytes allowed for it.", new Dictionary<string, string> { ["limit"] = "max_header_bytes" });
        }

        return (int)Math.Min(count, left);
    }

    private int Count(int read, ReadOnlySpan<byte> data)
    {
        Position64 += read;
        if (_kept is not null)
        {
            if (_kept.Length + read > keepBytes)
            {
                _kept = null;
            }
            else
            {
                _kept.Write(data[..read]);
            }
        }

        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Position64; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
