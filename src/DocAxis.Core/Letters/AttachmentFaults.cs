using System.Security.Cryptography;

namespace DocAxis.Core.Letters;

/// <summary>
/// The refusals for attachment content that does not fit its letter's manifest, as it streams in.
/// Written once so that every receiver of a letter (a node taking a DMS's draft, the hub, the
/// recipient's node) refuses alike; field names are the Manifest's wire names, as in
/// <see cref="ManifestRules"/>.
/// </summary>
public static class AttachmentFaults
{
    /// <summary>The name refusals give the limit on an attachment whose size is not declared.</summary>
    public const string AttachmentLimit = "max_attachment_bytes";

    private const string ChunkIndex = "chunk.attachment_index";

    public static string Field(int index) => $"manifest.attachments[{index}]";

    public static RefusalException NotInManifest(int index, int listed) =>
        new(RefusalReason.AttachmentMismatch, $"Content arrived for attachment {index}, but the manifest lists {listed}.", Field(index));

    public static RefusalException AfterLaterStarted(int index, int started) =>
        new(RefusalReason.MalformedMessage, $"Content for attachment {index} arrived after attachment {started} had started; attachments must be streamed in order.", ChunkIndex);

    public static RefusalException BeforeEarlierCompleted(int index, int earlier, ExpectedContent expected) =>
        new(
            RefusalReason.MalformedMessage,
            $"Content for attachment {index} arrived before attachment {earlier} \"{expected.Name}\" was complete; attachments must be streamed in order.",
            ChunkIndex);

    public static RefusalException OverLimit(ExpectedContent expected, long limit) =>
        new(RefusalReason.LimitExceeded, $"Attachment \"{expected.Name}\" exceeds the limit of {limit} bytes.", new Dictionary<string, string> { ["limit"] = AttachmentLimit });

    public static RefusalException LongerThanDeclared(int index, ExpectedContent expected, long size) =>
        Mismatch(index, expected, $"has more bytes than the {size} the manifest declares");

    public static RefusalException NeverSent(int index, ExpectedContent expected) =>
        new(
            RefusalReason.AttachmentIncomplete,
            $"The stream ended without the content of attachment {index} \"{expected.Name}\" ({expected.Size} bytes expected).",
            Field(index));

    /// <summary>Complete content whose size or digest is not the one the manifest declares.</summary>
    public static RefusalException? Check(int index, ExpectedContent expected, long size, byte[] sha256)
    {
        if (expected.Size is { } declared && size < declared)
        {
            return new(RefusalReason.AttachmentIncomplete, $"Attachment {index} \"{expected.Name}\" ended after {size} of {declared} bytes.", $"{Field(index)}.size");
        }

        if (expected.Size is { } larger && size > larger)
        {
            return Mismatch(index, expected, $"has {size} bytes, not the {larger} the manifest declares");
        }

        return expected.Sha256 is { } digest && !CryptographicOperations.FixedTimeEquals(digest, sha256)
            ? Mismatch(index, expected, "does not match the SHA-256 in the signed manifest: the content was altered")
            : null;
    }

    private static RefusalException Mismatch(int index, ExpectedContent expected, string what) =>
        new(RefusalReason.AttachmentMismatch, $"Attachment {index} \"{expected.Name}\" {what}.", Field(index));
}
