using System.Runtime.CompilerServices;
using DocAxis.Contracts.V1;
using DocAxis.Core;
using Google.Protobuf;
using Grpc.Core;

namespace DocAxis.Transport.Streaming;

/// <summary>
/// The header-then-chunks protocol shared by submission, delivery, sending and fetching: reading
/// the first message, turning the rest into attachment chunks, and streaming content out as chunks.
/// </summary>
public static class ChunkStreams
{
    /// <summary>The default size of one chunk on the wire.</summary>
    public const int ChunkSize = 64 * 1024;

    private const long DrainLimitBytes = 8 * 1024 * 1024;
    private static readonly TimeSpan DrainPatience = TimeSpan.FromSeconds(2);

    /// <summary>Reads the first message, which must be the header.</summary>
    public static async Task<THeader> ReadHeaderAsync<TMessage, THeader>(
        IAsyncStreamReader<TMessage> reader, Func<TMessage, THeader?> header, string what, CancellationToken cancellationToken)
        where THeader : class
    {
        if (!await reader.MoveNext(cancellationToken))
        {
            throw new RefusalException(RefusalReason.MalformedMessage, $"The {what} stream ended before its header.");
        }

        return header(reader.Current)
            ?? throw new RefusalException(RefusalReason.MalformedMessage, $"The first message of a {what} must be its header.");
    }

    /// <summary>The remaining messages as chunks; a second header is refused.</summary>
    public static async IAsyncEnumerable<(int Index, ReadOnlyMemory<byte> Data)> ReadChunksAsync<TMessage>(
        IAsyncStreamReader<TMessage> reader, Func<TMessage, AttachmentChunk?> chunk, string what,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await reader.MoveNext(cancellationToken))
        {
            var part = chunk(reader.Current)
                ?? throw new RefusalException(RefusalReason.MalformedMessage, $"After its header, a {what} may only carry attachment chunks.");
            yield return (checked((int)part.AttachmentIndex), part.Data.Memory);
        }
    }

    /// <summary>
    /// Reads what is left of an upload the server will not use (refused, or already held), up to a
    /// bound, before it answers. An answer that comes before the request has ended makes HTTP/2
    /// reset the stream; a client answered early many times in a row would then be told to
    /// ENHANCE_YOUR_CALM and lose its connection. Past the bound (a large letter answered early) the
    /// answer goes out at once and the reset is worth it.
    /// </summary>
    public static async Task DrainAsync<TMessage>(IAsyncStreamReader<TMessage> reader, CancellationToken cancellationToken)
    {
        long drained = 0;
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(DrainPatience);
        try
        {
            while (drained < DrainLimitBytes && await reader.MoveNext(patience.Token))
            {
                drained += reader.Current is IMessage message ? message.CalculateSize() : 1;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or InvalidOperationException
                                  or InvalidProtocolBufferException or RpcException)
        {
            // The stream is gone, unreadable or slow: answer now.
        }
    }

    /// <summary>
    /// Streams attachments, in order, as chunks numbered by attachment; each attachment's content
    /// comes in pieces of at most <see cref="ChunkSize"/> bytes (one chunk each).
    /// </summary>
    public static async Task WriteAttachmentsAsync(
        IEnumerable<IAsyncEnumerable<ReadOnlyMemory<byte>>> attachments, Func<AttachmentChunk, Task> write, CancellationToken cancellationToken)
    {
        var index = 0u;
        foreach (var content in attachments)
        {
            await foreach (var piece in content.WithCancellation(cancellationToken))
            {
                await write(new AttachmentChunk { AttachmentIndex = index, Data = ByteString.CopyFrom(piece.Span) });
            }

            index++;
        }
    }
}
