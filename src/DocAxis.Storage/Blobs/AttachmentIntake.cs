using DocAxis.Core.Letters;

namespace DocAxis.Storage.Blobs;

/// <summary>
/// Receives a letter's attachments from a stream of (attachment index, bytes) chunks into staging
/// (small ones into memory, see <see cref="BlobWriter"/>), one attachment at a time, checking
/// order, size and SHA-256 as the bytes arrive. Memory is one chunk, or at most
/// <see cref="BlobStore.InlineLimit"/> for content kept in the database; an attachment that grows
/// past its declared size is refused at that chunk, not after the upload. On any failure,
/// including the caller disconnecting, nothing staged remains.
/// </summary>
public static class AttachmentIntake
{
    /// <param name="maxAttachmentBytes">The limit on an attachment whose size is not declared.</param>
    public static async Task<IReadOnlyList<StagedBlob>> ReceiveAsync(
        BlobStore store,
        IReadOnlyList<ExpectedContent> expected,
        IAsyncEnumerable<(int Index, ReadOnlyMemory<byte> Data)> chunks,
        long maxAttachmentBytes,
        CancellationToken cancellationToken)
    {
        var staging = new Staging(store, expected, maxAttachmentBytes);
        try
        {
            await foreach (var (index, data) in chunks.WithCancellation(cancellationToken))
            {
                await staging.WriteAsync(index, data, cancellationToken);
            }

            return await staging.FinishAsync(cancellationToken);
        }
        catch
        {
            await staging.DiscardAsync();
            throw;
        }
    }

    /// <summary>The attachments staged so far, and the one being written (always the next in order).</summary>
    private sealed class Staging(BlobStore store, IReadOnlyList<ExpectedContent> expected, long maxAttachmentBytes)
    {
        private readonly List<StagedBlob> _staged = new(expected.Count);
        private BlobWriter? _writer;

        public async Task WriteAsync(int index, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            if (index >= expected.Count)
            {
                throw AttachmentFaults.NotInManifest(index, expected.Count);
            }

            if (index < _staged.Count)
            {
                throw AttachmentFaults.AfterLaterStarted(index, _staged.Count);
            }

            var writer = _writer is not null && index == _staged.Count ? _writer : await StartAsync(index, cancellationToken);
            var limit = expected[index].Size ?? maxAttachmentBytes;
            if (writer.Length + data.Length > limit)
            {
                throw expected[index].Size is null
                    ? AttachmentFaults.OverLimit(expected[index], limit)
                    : AttachmentFaults.LongerThanDeclared(index, expected[index], limit);
            }

            await writer.WriteAsync(data, cancellationToken);
        }

        /// <summary>Completes what the stream left: the attachment being written, and any after it that are empty.</summary>
        public async Task<IReadOnlyList<StagedBlob>> FinishAsync(CancellationToken cancellationToken)
        {
            await CompleteCurrentAsync(cancellationToken);
            while (_staged.Count < expected.Count)
            {
                await StageEmptyAsync(missing => AttachmentFaults.NeverSent(missing, expected[missing]), cancellationToken);
            }

            return _staged;
        }

        public async Task DiscardAsync()
        {
            if (_writer is not null)
            {
                await _writer.DisposeAsync();
                _writer = null;
            }

            BlobStore.Discard(_staged);
        }

        /// <summary>Completes the attachment being written and any skipped (which must be empty), then starts <paramref name="index"/>.</summary>
        private async Task<BlobWriter> StartAsync(int index, CancellationToken cancellationToken)
        {
            await CompleteCurrentAsync(cancellationToken);
            while (_staged.Count < index)
            {
                await StageEmptyAsync(missing => AttachmentFaults.BeforeEarlierCompleted(index, missing, expected[missing]), cancellationToken);
            }

            return _writer = store.BeginStaging(expected[index].Size);
        }

        private async Task CompleteCurrentAsync(CancellationToken cancellationToken)
        {
            if (_writer is not null)
            {
                var writer = _writer;
                _writer = null;
                _staged.Add(await CompleteAsync(writer, _staged.Count, cancellationToken));
            }
        }

        /// <summary>The next attachment, which received no chunk: fine if it is empty, otherwise refused as <paramref name="missing"/> says.</summary>
        private async Task StageEmptyAsync(Func<int, Core.RefusalException> missing, CancellationToken cancellationToken)
        {
            if (expected[_staged.Count].Size is > 0)
            {
                throw missing(_staged.Count);
            }

            _staged.Add(await CompleteAsync(store.BeginStaging(expected[_staged.Count].Size), _staged.Count, cancellationToken));
        }

        private async Task<StagedBlob> CompleteAsync(BlobWriter writer, int index, CancellationToken cancellationToken)
        {
            await using (writer)
            {
                var blob = await writer.CompleteAsync(cancellationToken);
                if (AttachmentFaults.Check(index, expected[index], blob.Size, blob.Sha256) is { } fault)
                {
                    blob.Discard();
                    throw fault;
                }

                return blob;
            }
        }
    }
}
