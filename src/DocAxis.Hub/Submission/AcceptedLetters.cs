using DocAxis.Core.Letters;
using DocAxis.Hosting.Receiving;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Hub;

namespace DocAxis.Hub.Submission;

/// <summary>A letter as the hub stores it once accepted, whether its sender's node submitted it or a peer hub forwarded it.</summary>
internal static class AcceptedLetters
{
    /// <param name="originHub">The peer hub that forwarded it, with <paramref name="hops"/> the path it carried; null if submitted here.</param>
    public static StoredEnvelope Envelope<THeader>(IncomingLetter<THeader> incoming, SignedBytes acceptance, DateTimeOffset acceptedAt, string? originHub = null, byte[]? hops = null)
        where THeader : class => new()
    {
        Id = incoming.EnvelopeId,
        SenderCode = incoming.Letter.Sender.Value,
        Subject = incoming.Letter.Subject,
        Manifest = incoming.Signed.Content,
        Signature = incoming.Signed.Signature,
        ManifestSha256 = incoming.ManifestSha256,
        Acceptance = acceptance.Content,
        AcceptanceSignature = acceptance.Signature,
        AcceptedAt = Storage.Epoch.ToMs(acceptedAt),
        BusinessType = (int)incoming.Letter.BusinessType,
        ReferencedEnvelopeId = incoming.Letter.ReferencedEnvelopeId?.ToString(),
        OriginHub = originHub,
        Hops = hops,
    };

    public static List<StoredAttachment> Attachments(LetterManifest letter, IReadOnlyList<StagedBlob> staged) =>
        [.. letter.Attachments.Select((a, i) => new StoredAttachment { Idx = i, Name = a.Name, MediaType = a.MediaType, Size = a.Size, Sha256 = staged[i].Sha256Hex })];
}
