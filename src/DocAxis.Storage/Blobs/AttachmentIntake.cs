using System.Security.Cryptography;
using DocAxis.Core;

namespace DocAxis.Storage.Blobs;

/// <summary>
/// Receives a letter's attachments from a stream of chunks into staging (small ones into memory, see
/// <see cref="BlobWriter"/>), one attachment at a time, checking order, size and SHA-256 as the
/// bytes arrive. Memory is one chunk, or at most <see cref="BlobStore.InlineLimit"/> for content
/// kept in the database; an attachment that grows past its declared size is refused at that chunk,
/// not after the upload. On any failure, including the caller disconnecting, nothing staged remains.
/// </summary>
public static class AttachmentIntake
{
    public static async Task<IReadOnlyList<StagedBlob>> ReceiveAsync(
        BlobStore store,
        IReadOnlyList<ExpectedContent> expected,
        IAsyncEnumerable<(int Index, ReadOnlyMemory<byte> Data)> chunks,
        long maxAttachmentBytes,
        CancellationToken cancellationToken)
    {
        var staged = new List<StagedBlob>(expected.Count);
        BlobWriter? writer = null;
        try
        {
            await foreach (var (index, data) in chunks.WithCancellation(cancellationToken))
            {
                if (index < staged.Count || index >= expected.Count)
                {
                    throw index >= expected.Count
                        ? new RefusalException(RefusalReason.AttachmentMismatch, $"Content arrived for attachment {index}, but the manifest lists {expected.Count}.", $"manifest.attachments[{index}]")
                        : new RefusalException(RefusalReason.MalformedMessage, $"Content for attachment {index} arrived after attachment {staged.Count} had started; attachments must be streamed in order.", "chunk.attachment_index");
                }

                while (staged.Count < index || writer is null)
                {
                    if (writer is not null)
                    {
                        staged.Add(await CompleteAsync(writer, expected[staged.Count], staged.Count, cancellationToken));
                        writer = null;
                    }

                    if (staged.Count < index)
                    {
                        if (expected[staged.Count].Size is > 0)
                        {
                            throw new RefusalException(
                                RefusalReason.MalformedMessage,
                                $"Content for attachment {index} arrived before attachment {staged.Count} \"{expected[staged.Count].Name}\" was complete; attachments must be streamed in order.",
                                "chunk.attachment_index");
                        }

                        staged.Add(await EmptyAsync(store, expected[staged.Count], staged.Count, cancellationToken));
                        continue;
                    }

                    writer = store.BeginStaging(expected[index].Size);
                }

                var limit = expected[index].Size ?? maxAttachmentBytes;
                if (writer.Length + data.Length > limit)
                {
                    throw expected[index].Size is null
                        ? new RefusalException(RefusalReason.LimitExceeded, $"Attachment \"{expected[index].Name}\" exceeds the limit of {maxAttachmentBytes} bytes.", new Dictionary<string, string> { ["limit"] = "max_attachment_bytes" })
                        : Mismatch(expected[index], index, $"has more bytes than the {limit} the manifest declares");
                }

                await writer.WriteAsync(data, cancellationToken);
            }

            if (writer is not null)
            {
                staged.Add(await CompleteAsync(writer, expected[staged.Count], staged.Count, cancellationToken));
                writer = null;
            }

            while (staged.Count < expected.Count)
            {
                staged.Add(await EmptyAsync(store, expected[staged.Count], staged.Count, cancellationToken));
            }

            return staged;
        }
        catch
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }

            foreach (var blob in staged)
            {
                blob.Discard();
            }

            throw;
        }
    }

    /// <summary>An attachment that received no chunk: fine if it is empty, otherwise the stream ended early.</summary>
    private static async Task<StagedBlob> EmptyAsync(BlobStore store, ExpectedContent expected, int index, CancellationToken cancellationToken)
    {
        if (expected.Size is > 0)
        {
            throw new RefusalException(
                RefusalReason.AttachmentIncomplete,
                $"The stream ended without the content of attachment {index} \"{expected.Name}\" ({expected.Size} bytes expected).",
                $"manifest.attachments[{index}]");
        }

        return await CompleteAsync(store.BeginStaging(expected.Size), expected, index, cancellationToken);
    }

    private static async Task<StagedBlob> CompleteAsync(BlobWriter writer, ExpectedContent expected, int index, CancellationToken cancellationToken)
    {
        await using (writer)
        {
            var blob = await writer.CompleteAsync(cancellationToken);
            try
            {
                if (expected.Size is { } size && blob.Size != size)
                {
                    throw blob.Size < size
                        ? new RefusalException(RefusalReason.AttachmentIncomplete, $"Attachment {index} \"{expected.Name}\" ended after {blob.Size} of {size} bytes.", $"manifest.attachments[{index}].size")
                        : Mismatch(expected, index, $"has {blob.Size} bytes, not the {size} the manifest declares");
                }

                if (expected.Sha256 is { } digest && !CryptographicOperations.FixedTimeEquals(digest, blob.Sha256))
                {
                    throw Mismatch(expected, index, "does not match the SHA-256 in the signed manifest: the content was altered");
                }
            }
            catch
            {
                blob.Discard();
                throw;
            }

            return blob;
        }
    }

    private static RefusalException Mismatch(ExpectedContent expected, int index, string what) =>
        new(RefusalReason.AttachmentMismatch, $"Attachment {index} \"{expected.Name}\" {what}.", $"manifest.attachments[{index}]");
}
