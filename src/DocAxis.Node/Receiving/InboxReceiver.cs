using System.Security.Cryptography;
using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.Crypto;
using DocAxis.Crypto.Signing;
using DocAxis.Hosting.Audit;
using DocAxis.Node.Options;
using DocAxis.Storage;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Node;
using DocAxis.Transport.Mapping;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Signing;
using DocAxis.Transport.Streaming;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using InboxRow = DocAxis.Storage.Node.InboxLetter;

namespace DocAxis.Node.Receiving;

/// <summary>
/// Receives a letter pushed by the hub for one hosted agency. Nothing is stored until the sender's
/// signature, its certificate, the hub's acceptance receipt and every attachment digest have been
/// checked; then the letter is committed and the recipient agency signs the delivery receipt.
/// A letter already stored is answered with its original receipt, so redelivery has one effect.
/// </summary>
internal sealed class InboxReceiver(
    NodeStore store, BlobStore blobs, HostedAgencies agencies, SignatureVerifier verifier, NodeOptions options, AuditTrail audit, TimeProvider time, ILogger<InboxReceiver> logger)
{
    public async Task<SignedDeliveryReceipt> ReceiveAsync(PeerIdentity caller, IAsyncStreamReader<DeliverRequest> stream, CancellationToken cancellationToken)
    {
        if (caller.Identity != options.Hub.Identity)
        {
            throw new RefusalException(
                RefusalReason.AccessDenied,
                $"Only the hub (\"{options.Hub.Identity}\") delivers letters; the caller is \"{caller.Identity}\".",
                new Dictionary<string, string> { ["certificate"] = CertificateIdentity.Describe(caller.Certificate) });
        }

        var header = await ChunkStreams.ReadHeaderAsync(
            stream, m => m.PartCase == DeliverRequest.PartOneofCase.Header ? m.Header : null, "delivery", cancellationToken);
        var recipient = agencies.Get(header.RecipientCode, "header.recipient_code");
        var manifestBytes = header.SignedManifest?.Manifest ?? ByteString.Empty;
        var signer = await verifier.VerifyAsync(manifestBytes.ToByteArray(), header.SignedManifest?.Signature.ToByteArray() ?? [], "manifest", cancellationToken);
        var manifest = ManifestMapper.Parse(manifestBytes);
        var letter = ManifestMapper.ToDomain(manifest);
        if (signer.Identity != letter.Sender.Value)
        {
            throw new RefusalException(
                RefusalReason.SignerNotSender,
                $"The manifest is signed by \"{signer.Identity}\", not by the sender {letter.Sender}.",
                new Dictionary<string, string> { ["certificate"] = CertificateIdentity.Describe(signer.Signer) });
        }

        if (header.EnvelopeId != letter.EnvelopeId.ToString() || !letter.Recipients.Contains(recipient.Code))
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"Letter {letter.EnvelopeId} is not addressed to {recipient.Code} under envelope id {header.EnvelopeId}.", "header");
        }

        var digest = SHA256.HashData(manifestBytes.Span);
        await CheckAcceptanceAsync(header.Acceptance, letter.EnvelopeId.ToString(), digest, recipient.Code.Value, cancellationToken);

        if (await store.FindInboxAsync(header.EnvelopeId, recipient.Code.Value) is { } earlier)
        {
            var answer = Redelivered(earlier, digest);
            await ChunkStreams.DrainAsync(stream, cancellationToken);
            return answer;
        }

        var expected = letter.Attachments.Select(a => new ExpectedContent(a.Name, a.Size, a.Sha256)).ToList();
        var chunks = ChunkStreams.ReadChunksAsync(
            stream, m => m.PartCase == DeliverRequest.PartOneofCase.Chunk ? m.Chunk : null, "delivery", cancellationToken);
        var staged = await AttachmentIntake.ReceiveAsync(blobs, expected, chunks, long.MaxValue, cancellationToken);
        foreach (var blob in staged)
        {
            blobs.Promote(blob);
        }

        var receivedAt = time.GetUtcNow();
        var receipt = new DeliveryReceipt
        {
            EnvelopeId = header.EnvelopeId,
            RecipientCode = recipient.Code.Value,
            ManifestSha256 = ByteString.CopyFrom(digest),
            ReceivedAt = Timestamp.FromDateTimeOffset(receivedAt),
        };
        var (body, signature) = SignedMessages.Sign(receipt, recipient.Signing, receivedAt);
        var row = new InboxRow
        {
            EnvelopeId = header.EnvelopeId,
            AgencyCode = recipient.Code.Value,
            SenderCode = letter.Sender.Value,
            SenderName = manifest.Sender?.Name ?? string.Empty,
            Subject = letter.Subject,
            Number = letter.Number,
            Notation = letter.Notation,
            Urgency = (int)letter.Urgency,
            Manifest = manifestBytes.ToByteArray(),
            Signature = header.SignedManifest!.Signature.ToByteArray(),
            ManifestSha256 = digest,
            Acceptance = header.Acceptance.Body.ToByteArray(),
            AcceptanceSignature = header.Acceptance.Signature.ToByteArray(),
            Receipt = body.ToByteArray(),
            ReceiptSignature = signature.ToByteArray(),
            ReceivedAt = Epoch.ToMs(receivedAt),
            AttachmentCount = staged.Count,
            TotalSize = letter.TotalAttachmentSize,
            BusinessType = (int)letter.BusinessType,
            ReferencedEnvelopeId = letter.ReferencedEnvelopeId?.ToString(),
        };
        if (!await store.StoreInboxAsync(row, [.. staged.Select((s, i) => new StoredContent { Idx = i, Size = s.Size, Sha256 = s.Sha256Hex })], StagedBlob.InlineOf(staged)))
        {
            return Redelivered((await store.FindInboxAsync(row.EnvelopeId, row.AgencyCode))!, digest);
        }

        NodeLog.LetterReceived(logger, row.EnvelopeId, row.AgencyCode, row.SenderCode, row.TotalSize);
        audit.Record(caller.Identity, "Deliver", "stored", row.EnvelopeId, detail: $"for {row.AgencyCode} from {row.SenderCode}, {row.TotalSize} bytes");
        return new SignedDeliveryReceipt { Body = body, Signature = signature };
    }

    private async Task CheckAcceptanceAsync(SignedAcceptance? acceptance, string envelopeId, byte[] digest, string recipient, CancellationToken cancellationToken)
    {
        if (acceptance is null)
        {
            throw new RefusalException(RefusalReason.ReceiptInvalid, "The delivery carries no acceptance receipt from the hub.", "header.acceptance");
        }

        var receipt = await SignedMessages.OpenAsync(verifier, acceptance.Body, acceptance.Signature, options.Hub.Identity, AcceptanceReceipt.Parser, "acceptance receipt", cancellationToken);
        if (receipt.EnvelopeId != envelopeId || !receipt.ManifestSha256.Span.SequenceEqual(digest) || !receipt.RecipientCodes.Contains(recipient))
        {
            throw new RefusalException(RefusalReason.ReceiptInvalid, $"The hub's acceptance receipt does not match letter {envelopeId} for {recipient}.", "header.acceptance");
        }
    }

    private SignedDeliveryReceipt Redelivered(InboxRow earlier, byte[] digest)
    {
        if (!CryptographicOperations.FixedTimeEquals(earlier.ManifestSha256, digest))
        {
            throw new RefusalException(
                RefusalReason.EnvelopeIdReused,
                $"Envelope id {earlier.EnvelopeId} was already delivered to {earlier.AgencyCode} with a different manifest.",
                "header.envelope_id");
        }

        NodeLog.RedeliveryAnswered(logger, earlier.EnvelopeId, earlier.AgencyCode);
        return new SignedDeliveryReceipt { Body = ByteString.CopyFrom(earlier.Receipt), Signature = ByteString.CopyFrom(earlier.ReceiptSignature) };
    }
}
