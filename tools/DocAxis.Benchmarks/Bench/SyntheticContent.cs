using System.Security.Cryptography;
using DocAxis.Transport.Streaming;

namespace DocAxis.Benchmarks.Bench;

/// <summary>
/// An attachment's content made on the fly rather than held in memory: a shared megabyte of random
/// bytes repeated, with the first eight bytes set from the letter's seed so that every letter's
/// content (and digest) differs. A 1 GB letter costs no more memory to send than a 16 KB one.
/// </summary>
public sealed class SyntheticContent
{
    private const int BlockSize = 1024 * 1024;
    private static readonly byte[] Block = RandomNumberGenerator.GetBytes(BlockSize);

    private readonly byte[] _first;

    public SyntheticContent(long size, long seed)
    {
        Size = size;
        _first = Block[..(int)Math.Min(ChunkStreams.ChunkSize, size)];
        BitConverter.TryWriteBytes(_first.AsSpan(0, Math.Min(8, _first.Length)), seed);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var chunk in Chunks())
        {
            sha.AppendData(chunk.Span);
        }

        Sha256 = sha.GetHashAndReset();
    }

    public long Size { get; }

    public byte[] Sha256 { get; }

    /// <summary>The content in the chunk size every DocAxis stream uses.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Chunks()
    {
        for (long offset = 0; offset < Size; offset += ChunkStreams.ChunkSize)
        {
            var length = (int)Math.Min(ChunkStreams.ChunkSize, Size - offset);
            yield return offset == 0 ? _first.AsMemory(0, length) : Block.AsMemory((int)(offset % BlockSize), length);
        }
    }
}
