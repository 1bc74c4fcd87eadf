using DocAxis.Core;
using Google.Protobuf;
using Grpc.Core;

namespace DocAxis.Transport.Streaming;

/// <summary>
/// Byte streams carried as a sequence of gRPC messages (an edXML package, say): read as a
/// <see cref="Stream"/> on one side, written as one on the other, never held whole.
/// </summary>
public static class MessageStreams
{
    /// <summary>The remaining messages of a call as one stream of bytes; a message of another kind is refused.</summary>
    public static Stream Reading<TMessage>(IAsyncStreamReader<TMessage> reader, Func<TMessage, ByteString?> bytes, string what, CancellationToken cancellationToken) =>
        new ReadingStream<TMessage>(reader, bytes, what, cancellationToken);

    /// <summary>A stream whose bytes go out as messages of at most <see cref="ChunkStreams.ChunkSize"/> bytes each.</summary>
    public static Stream Writing(Func<ByteString, Task> write) => new WritingStream(write);

    private sealed class ReadingStream<TMessage>(IAsyncStreamReader<TMessage> reader, Func<TMessage, ByteString?> bytes, string what, CancellationToken cancellationToken)
        : OneWayStream
    {
        private ReadOnlyMemory<byte> _current;
        private bool _ended;

        public override bool CanRead => true;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken token = default)
        {
            while (_current.IsEmpty)
            {
                if (_ended || !await reader.MoveNext(cancellationToken))
                {
                    _ended = true;
                    return 0;
                }

                _current = (bytes(reader.Current)
                    ?? throw new RefusalException(RefusalReason.MalformedMessage, $"After its first message, a {what} may only carry its bytes.")).Memory;
            }

            var count = Math.Min(buffer.Length, _current.Length);
            _current[..count].CopyTo(buffer);
            _current = _current[count..];
            return count;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken token) =>
            ReadAsync(buffer.AsMemory(offset, count), token).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, default).GetAwaiter().GetResult();
    }

    private sealed class WritingStream(Func<ByteString, Task> write) : OneWayStream
    {
        private readonly byte[] _buffer = new byte[ChunkStreams.ChunkSize];
        private int _filled;

        public override bool CanWrite => true;

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken token = default)
        {
            while (!data.IsEmpty)
            {
                var count = Math.Min(data.Length, _buffer.Length - _filled);
                data[..count].CopyTo(_buffer.AsMemory(_filled));
                _filled += count;
                data = data[count..];
                if (_filled == _buffer.Length)
                {
                    await SendAsync();
                }
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken token) =>
            WriteAsync(buffer.AsMemory(offset, count), token).AsTask();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, default).GetAwaiter().GetResult();

        public override async Task FlushAsync(CancellationToken token)
        {
            if (_filled > 0)
            {
                await SendAsync();
            }
        }

        public override void Flush() => FlushAsync(default).GetAwaiter().GetResult();

        private async Task SendAsync()
        {
            await write(ByteString.CopyFrom(_buffer, 0, _filled));
            _filled = 0;
        }
    }

    private abstract class OneWayStream : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
