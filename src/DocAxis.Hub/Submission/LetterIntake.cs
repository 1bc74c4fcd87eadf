using System.Security.Cryptography;
using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Core.Letters;
using DocAxis.Crypto.Signing;
using DocAxis.Hosting.Audit;
using DocAxis.Hub.Delivery;
using DocAxis.Hub.Options;
using DocAxis.Hub.Telemetry;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Mapping;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Signing;
using DocAxis.Transport.Streaming;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hub.Submission;

/// <summary>
/// Accepts one submitted letter: checks who sent it, what it says and that it is signed by that
/// agency; streams the attachments into staging against their signed digests; then commits letter,
/// attachments and one delivery per recipient in one short transaction and signs the receipt.
/// The cheap checks come first so that a refused letter costs as little as possible.
/// </summary>
internal sealed class LetterIntake(
    HubStore store,
    BlobStore blobs,
    SignatureVerifier verifier,
    HubCredentials credentials,
    HubOptions options,
    DeliveryDispatcher dispatcher,
    AuditTrail audit,
    HubMetrics metrics,
    TimeProvider time,
    ILogger<LetterIntake> logger)
{
    private readonly ExchangeLimits _limits = options.Limits.ToLimits();

    public async Task<SignedAcceptance> SubmitAsync(ServerCallContext context, IAsyncStreamReader<SubmitRequest> stream)
    {
        var caller = context.Caller();
        var cancellationToken = context.CancellationToken;
        var started = time.GetTimestamp();
        var header = await ChunkStreams.ReadHeaderAsync(
            stream, m => m.PartCase == SubmitRequest.PartOneofCase.Header ? m.Header : null, "submission", cancellationToken);
        context.About(header.EnvelopeId);
        var manifestBytes = header.SignedManifest?.Manifest ?? ByteString.Empty;
        var signature = header.SignedManifest?.Signature ?? ByteString.Empty;
        if (manifestBytes.IsEmpty || signature.IsEmpty)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, "header.signed_manifest needs both the manifest bytes and their signature.", "header.signed_manifest");
        }

        var letter = ManifestMapper.ToDomain(ManifestMapper.Parse(manifestBytes));
        if (header.EnvelopeId != letter.EnvelopeId.ToString())
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"header.envelope_id \"{header.EnvelopeId}\" differs from manifest.envelope_id \"{letter.EnvelopeId}\".", "header.envelope_id");
        }

        if (caller.Agency != letter.Sender)
        {
            throw new RefusalException(
                RefusalReason.ClientNotSender,
                $"The TLS client is \"{caller.Identity}\", but the letter's sender is {letter.Sender}; an agency submits only its own letters.",
                new Dictionary<string, string> { ["field"] = "manifest.sender.code", ["certificate"] = Crypto.CertificateIdentity.Describe(caller.Certificate) });
        }

        var digest = SHA256.HashData(manifestBytes.Span);
        if (await store.FindEnvelopeAsync(header.EnvelopeId) is { } earlier)
        {
            var original = Resubmitted(earlier, digest, caller);
            await ChunkStreams.DrainAsync(stream, cancellationToken);
            return original;
        }

        ManifestRules.Validate(letter, _limits);
        var signer = await verifier.VerifyAsync(manifestBytes.ToByteArray(), signature.ToByteArray(), "manifest", cancellationToken);
        if (signer.Identity != letter.Sender.Value)
        {
            throw new RefusalException(
                RefusalReason.SignerNotSender,
                $"The manifest is signed by \"{signer.Identity}\" ({Crypto.CertificateIdentity.Describe(signer.Signer)}), not by the sender {letter.Sender}.",
                new Dictionary<string, string> { ["field"] = "manifest.sender.code", ["certificate"] = Crypto.CertificateIdentity.Describe(signer.Signer) });
        }

        await CheckDirectoryAsync(letter);
        await LetterReferences.CheckAsync(store, letter);

        var expected = letter.Attachments.Select(a => new ExpectedContent(a.Name, a.Size, a.Sha256)).ToList();
        var chunks = ChunkStreams.ReadChunksAsync(
            stream, m => m.PartCase == SubmitRequest.PartOneofCase.Chunk ? m.Chunk : null, "submission", cancellationToken);
        var staged = await AttachmentIntake.ReceiveAsync(blobs, expected, chunks, _limits.MaxAttachmentBytes, cancellationToken);
        var answer = await CommitAsync(letter, manifestBytes, signature, digest, staged, caller);
        metrics.Accepted(letter.TotalAttachmentSize, time.GetElapsedTime(started));
        return answer;
    }

    private async Task<SignedAcceptance> CommitAsync(
        LetterManifest letter, ByteString manifestBytes, ByteString signature, byte[] digest, IReadOnlyList<StagedBlob> staged, PeerIdentity caller)
    {
        // Content is promoted before the row that refers to it is committed; a crash in between
        // leaves an unreferenced blob, never a letter without its content.
        foreach (var blob in staged)
        {
            blobs.Promote(blob);
        }

        var acceptedAt = time.GetUtcNow();
        var receipt = new AcceptanceReceipt
        {
            EnvelopeId = letter.EnvelopeId.ToString(),
            ManifestSha256 = ByteString.CopyFrom(digest),
            SenderCode = letter.Sender.Value,
            RecipientCodes = { letter.Recipients.Select(r => r.Value) },
            AcceptedAt = Timestamp.FromDateTimeOffset(acceptedAt),
            HubId = credentials.Identity,
        };
        var (body, receiptSignature) = SignedMessages.Sign(receipt, credentials.Signing, acceptedAt);
        var envelope = new StoredEnvelope
        {
            Id = receipt.EnvelopeId,
            SenderCode = receipt.SenderCode,
            Subject = letter.Subject,
            Manifest = manifestBytes.ToByteArray(),
            Signature = signature.ToByteArray(),
            ManifestSha256 = digest,
            Acceptance = body.ToByteArray(),
            AcceptanceSignature = receiptSignature.ToByteArray(),
            AcceptedAt = Storage.Epoch.ToMs(acceptedAt),
            BusinessType = (int)letter.BusinessType,
            ReferencedEnvelopeId = letter.ReferencedEnvelopeId?.ToString(),
        };
        var attachments = letter.Attachments.Select((a, i) => new StoredAttachment
        {
            Idx = i, Name = a.Name, MediaType = a.MediaType, Size = a.Size, Sha256 = staged[i].Sha256Hex,
        }).ToList();

        var recipients = letter.Recipients.Select(r => r.Value).ToList();
        if (!await store.AcceptAsync(new NewEnvelope(envelope, attachments, recipients, letter.BusinessReason, dispatcher.LeaseForNewLetter(), StagedBlob.InlineOf(staged))))
        {
            // Another submission of the same id committed first.
            return Resubmitted((await store.FindEnvelopeAsync(envelope.Id))!, digest, caller);
        }

        HubLog.LetterAccepted(logger, envelope.Id, envelope.SenderCode, letter.Recipients.Count, letter.TotalAttachmentSize);
        audit.Record(caller.Identity, "Submit", "accepted", envelope.Id, detail: $"{letter.Recipients.Count} recipients, {letter.Attachments.Count} attachments, {letter.TotalAttachmentSize} bytes");
        await dispatcher.DispatchAcceptedAsync(envelope.Id, recipients);
        return new SignedAcceptance { Body = body, Signature = receiptSignature };
    }

    private SignedAcceptance Resubmitted(StoredEnvelope earlier, byte[] digest, PeerIdentity caller)
    {
        if (!CryptographicOperations.FixedTimeEquals(earlier.ManifestSha256, digest))
        {
            throw new RefusalException(
                RefusalReason.EnvelopeIdReused,
                $"Envelope id {earlier.Id} was already accepted for a different manifest; choose a new id for a new letter.",
                "header.envelope_id");
        }

        HubLog.ResubmissionAnswered(logger, earlier.Id, caller.Identity);
        return new SignedAcceptance { Body = ByteString.CopyFrom(earlier.Acceptance), Signature = ByteString.CopyFrom(earlier.AcceptanceSignature) };
    }

    private async Task CheckDirectoryAsync(LetterManifest letter)
    {
        var sender = await store.GetAgencyAsync(letter.Sender);
        if (sender is not { Enabled: true })
        {
            throw new RefusalException(
                sender is null ? RefusalReason.AccessDenied : RefusalReason.AgencyDisabled,
                $"The sender {letter.Sender} is {(sender is null ? "not in the directory" : "disabled in the directory")} and may not send letters.",
                "manifest.sender.code");
        }

        for (var i = 0; i < letter.Recipients.Count; i++)
        {
            var code = letter.Recipients[i];
            var recipient = await store.GetAgencyAsync(code);
            if (recipient is null)
            {
                throw new RefusalException(RefusalReason.RecipientUnknown, $"Recipient {code} is not in the agency directory.", $"manifest.recipients[{i}].code");
            }

            if (!recipient.Enabled)
            {
                throw new RefusalException(RefusalReason.AgencyDisabled, $"Recipient {code} ({recipient.Name}) is disabled in the directory.", $"manifest.recipients[{i}].code");
            }
        }
    }
}
