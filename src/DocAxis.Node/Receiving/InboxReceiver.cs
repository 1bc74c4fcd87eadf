using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.Crypto;
using DocAxis.Crypto.Signing;
using DocAxis.Hosting.Audit;
using DocAxis.Hosting.Receiving;
using DocAxis.Node.Options;
using DocAxis.Storage;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Node;
using DocAxis.Transport.Mapping;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Signing;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using InboxRow = DocAxis.Storage.Node.InboxLetter;

namespace DocAxis.Node.Receiving;

/// <summary>
/// A recipient node's end of a delivery: only the hub delivers, to an agency this node hosts and
/// the letter names, with the hub's signed acceptance of exactly these manifest bytes. Once
/// stored, the recipient agency signs the delivery receipt; a letter already stored is answered
/// with its first receipt, so redelivery has one effect. Size limits were the hub's to enforce.
/// </summary>
internal sealed class InboxReceiver(
    NodeStore store, BlobStore blobs, HostedAgencies agencies, SignatureVerifier verifier, NodeOptions options, AuditTrail audit, TimeProvider time, ILogger<InboxReceiver> logger)
    : LetterReceiver<DeliverRequest, DeliveryHeader, SignedDeliveryReceipt>(blobs, verifier, time)
{
    protected override string StreamName => "delivery";

    protected override ExchangeLimits Limits => ExchangeLimits.None;

    protected override DeliveryHeader? HeaderOf(DeliverRequest message) =>
        message.PartCase == DeliverRequest.PartOneofCase.Header ? message.Header : null;

    protected override AttachmentChunk? ChunkOf(DeliverRequest message) =>
        message.PartCase == DeliverRequest.PartOneofCase.Chunk ? message.Chunk : null;

    protected override (string EnvelopeId, SignedManifest? Signed) Identify(DeliveryHeader header) => (header.EnvelopeId, header.SignedManifest);

    protected override ValueTask CheckCallerAsync(PeerIdentity caller) =>
        caller.Identity == options.Hub.Identity
            ? ValueTask.CompletedTask
            : throw new RefusalException(
                RefusalReason.AccessDenied,
                $"Only the hub (\"{options.Hub.Identity}\") delivers letters; the caller is \"{caller.Identity}\".",
                new Dictionary<string, string> { ["certificate"] = caller.Certificate });

    protected override Task CheckPartiesAsync(IncomingLetter<DeliveryHeader> incoming)
    {
        var recipient = agencies.Get(incoming.Header.RecipientCode, "header.recipient_code");
        return incoming.Letter.Recipients.Contains(recipient.Code)
            ? Task.CompletedTask
            : throw new RefusalException(RefusalReason.FieldInvalid, $"Letter {incoming.EnvelopeId} is not addressed to {recipient.Code}.", "header.recipient_code");
    }

    protected override async Task<HeldLetter<SignedDeliveryReceipt>?> FindHeldAsync(IncomingLetter<DeliveryHeader> incoming) =>
        await store.FindInboxAsync(incoming.EnvelopeId, incoming.Header.RecipientCode) is { } earlier
            ? new HeldLetter<SignedDeliveryReceipt>(
                earlier.ManifestSha256,
                SignedMapper.ToDeliveryReceipt(earlier.SignedReceipt),
                $"Envelope id {earlier.EnvelopeId} was already delivered to {earlier.AgencyCode} with a different manifest.")
            : null;

    protected override void AnsweredAgain(IncomingLetter<DeliveryHeader> incoming) =>
        NodeLog.RedeliveryAnswered(logger, incoming.EnvelopeId, incoming.Header.RecipientCode);

    /// <summary>The hub's acceptance must be signed by the hub and be for these manifest bytes and this recipient.</summary>
    protected override async Task CheckBeforeContentAsync(IncomingLetter<DeliveryHeader> incoming, CancellationToken cancellationToken)
    {
        if (incoming.Header.Acceptance is not { } signed)
        {
            throw new RefusalException(RefusalReason.ReceiptInvalid, "The delivery carries no acceptance receipt from the hub.", "header.acceptance");
        }

        var acceptance = await SignedMapper.OpenAcceptanceAsync(Verifier, signed, options.Hub.Identity, cancellationToken);
        acceptance.EnsureFor(incoming.EnvelopeId, incoming.ManifestSha256, incoming.Header.RecipientCode, "header.acceptance");
    }

    protected override async Task<SignedDeliveryReceipt?> CommitAsync(
        IncomingLetter<DeliveryHeader> incoming, IReadOnlyList<StagedBlob> staged, CancellationToken cancellationToken)
    {
        var recipient = agencies.Get(incoming.Header.RecipientCode);
        var letter = incoming.Letter;
        var receivedAt = Time.GetUtcNow();
        var receipt = new DeliveryReceipt
        {
            EnvelopeId = incoming.EnvelopeId,
            RecipientCode = recipient.Code.Value,
            ManifestSha256 = Google.Protobuf.ByteString.CopyFrom(incoming.ManifestSha256),
            ReceivedAt = Timestamp.FromDateTimeOffset(receivedAt),
        };
        var (body, signature) = SignedMessages.Sign(receipt, recipient.Signing, receivedAt);
        var acceptance = SignedMapper.FromAcceptance(incoming.Header.Acceptance);
        var row = new InboxRow
        {
            EnvelopeId = incoming.EnvelopeId,
            AgencyCode = recipient.Code.Value,
            SenderCode = letter.Sender.Value,
            SenderName = incoming.Manifest.Sender?.Name ?? string.Empty,
            Subject = letter.Subject,
            Number = letter.Number,
            Notation = letter.Notation,
            Urgency = (int)letter.Urgency,
            Manifest = incoming.Signed.Content,
            Signature = incoming.Signed.Signature,
            ManifestSha256 = incoming.ManifestSha256,
            Acceptance = acceptance.Content,
            AcceptanceSignature = acceptance.Signature,
            Receipt = body.ToByteArray(),
            ReceiptSignature = signature.ToByteArray(),
            ReceivedAt = Epoch.ToMs(receivedAt),
            AttachmentCount = staged.Count,
            TotalSize = letter.TotalAttachmentSize,
            BusinessType = (int)letter.BusinessType,
            ReferencedEnvelopeId = letter.ReferencedEnvelopeId?.ToString(),
            DocumentId = incoming.Manifest.DocumentId,
        };
        if (!await store.StoreInboxAsync(row, [.. staged.Select((s, i) => new StoredContent { Idx = i, Size = s.Size, Sha256 = s.Sha256Hex })], StagedBlob.InlineOf(staged)))
        {
            return null;
        }

        NodeLog.LetterReceived(logger, row.EnvelopeId, row.AgencyCode, row.SenderCode, row.TotalSize);
        audit.Record(incoming.Caller.Identity, "Deliver", "stored", row.EnvelopeId, detail: $"for {row.AgencyCode} from {row.SenderCode}, {row.TotalSize} bytes");
        return new SignedDeliveryReceipt { Body = body, Signature = signature };
    }
}
