using System.Security.Cryptography;
using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.Crypto.Signing;
using DocAxis.Hosting.Audit;
using DocAxis.Node.Options;
using DocAxis.Storage;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Node;
using DocAxis.Transport.Mapping;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Streaming;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace DocAxis.Node.Sending;

/// <summary>
/// Turns a DMS's draft into a signed letter in the outbox: streams the attachments into staging
/// while computing their sizes and digests, fills in what the node owns, checks the letter against
/// the same rules the hub applies, serializes the manifest once and signs those bytes.
/// </summary>
public sealed class LetterComposer(
    NodeStore store, BlobStore blobs, HostedAgencies agencies, HubDirectory.DirectoryCopy directory, NodeOptions options, OutboxSignal signal, AuditTrail audit,
    TimeProvider time, ILogger<LetterComposer> logger)
{
    /// <param name="authorize">Checks that the caller may act for the draft's agency, before anything is read further.</param>
    public async Task<SendLetterResponse> SendAsync(
        ServerCallContext context, IAsyncStreamReader<SendLetterRequest> stream, Action<HostedAgency> authorize)
    {
        var cancellationToken = context.CancellationToken;
        var draft = await ChunkStreams.ReadHeaderAsync(
            stream, m => m.PartCase == SendLetterRequest.PartOneofCase.Draft ? m.Draft : null, "letter", cancellationToken);
        var agency = agencies.Get(draft.AgencyCode, "draft.agency_code");
        authorize(agency);
        var manifest = draft.Manifest?.Clone()
            ?? throw new RefusalException(RefusalReason.FieldInvalid, "draft.manifest is required.", "draft.manifest");
        Complete(manifest, agency);
        context.About(manifest.EnvelopeId);
        // Before the attachments stream in: a recipient the directory does not know is refused now, not later in the trace.
        await directory.EnsureRecipientsAsync(agency, manifest.Recipients, "draft.manifest.recipients", cancellationToken);

        var expected = manifest.Attachments
            .Select(a => new ExpectedContent(a.Name, a.Size == 0 ? null : (long)a.Size, a.Sha256.IsEmpty ? null : a.Sha256.ToByteArray()))
            .ToList();
        var chunks = ChunkStreams.ReadChunksAsync(
            stream, m => m.PartCase == SendLetterRequest.PartOneofCase.Chunk ? m.Chunk : null, "letter", cancellationToken);
        var staged = await AttachmentIntake.ReceiveAsync(blobs, expected, chunks, options.MaxAttachmentBytes, cancellationToken);
        return await QueueAsync(agency, manifest, staged, "SendLetter");
    }

    /// <summary>
    /// Checks, signs and queues a completed manifest whose attachments are staged in manifest order;
    /// the staged content is discarded unless the letter is queued.
    /// </summary>
    public async Task<SendLetterResponse> QueueAsync(HostedAgency agency, Manifest manifest, IReadOnlyList<StagedBlob> staged, string action)
    {
        var promoted = false;
        try
        {
            for (var i = 0; i < staged.Count; i++)
            {
                manifest.Attachments[i].Size = (ulong)staged[i].Size;
                manifest.Attachments[i].Sha256 = ByteString.CopyFrom(staged[i].Sha256);
            }

            var letter = ManifestMapper.ToDomain(manifest);
            ManifestRules.Validate(letter, new ExchangeLimits { MaxAttachmentBytes = options.MaxAttachmentBytes, MaxLetterBytes = long.MaxValue });
            if (await store.GetOutboxAsync(manifest.EnvelopeId) is { } earlier)
            {
                return Repeated(earlier, manifest);
            }

            var now = time.GetUtcNow();
            var bytes = manifest.ToByteArray();
            var signature = DetachedSignature.Create(bytes, agency.Signing, now);
            foreach (var blob in staged)
            {
                blobs.Promote(blob);
            }

            promoted = true;
            var queued = await store.QueueLetterAsync(
                new OutboxLetter
                {
                    EnvelopeId = manifest.EnvelopeId,
                    AgencyCode = agency.Code.Value,
                    Subject = manifest.Subject,
                    Manifest = bytes,
                    Signature = signature,
                    ManifestSha256 = SHA256.HashData(bytes),
                    NextAttemptAt = Epoch.ToMs(now),
                    QueuedAt = Epoch.ToMs(now),
                    DocumentId = manifest.DocumentId,
                    Number = manifest.Code?.Number ?? "",
                    Notation = manifest.Code?.Notation ?? "",
                    RecipientCodes = [.. manifest.Recipients.Select(r => r.Code)],
                },
                [.. staged.Select((s, i) => new StoredContent { Idx = i, Size = s.Size, Sha256 = s.Sha256Hex })],
                StagedBlob.InlineOf(staged));
            if (!queued.Manifest.AsSpan().SequenceEqual(bytes))
            {
                return Repeated(queued, manifest);
            }

            signal.WakeLetters();
            NodeLog.LetterQueued(logger, queued.EnvelopeId, queued.AgencyCode, queued.Subject);
            audit.Record($"dms:{agency.Code}", action, "queued", queued.EnvelopeId, detail: $"{staged.Count} attachments, {staged.Sum(b => b.Size)} bytes");
            return Response(queued);
        }
        finally
        {
            if (!promoted)
            {
                BlobStore.Discard(staged);
            }
        }
    }

    /// <summary>Fills in what the node owns and the DMS left empty.</summary>
    public void Complete(Manifest manifest, HostedAgency agency)
    {
        if (manifest.FormatVersion == 0)
        {
            manifest.FormatVersion = ManifestMapper.FormatVersion;
        }

        if (string.IsNullOrEmpty(manifest.EnvelopeId))
        {
            manifest.EnvelopeId = EnvelopeId.New().ToString();
        }

        manifest.Sender ??= new AgencyRef();
        if (string.IsNullOrEmpty(manifest.Sender.Code))
        {
            manifest.Sender.Code = agency.Code.Value;
        }
        else if (manifest.Sender.Code != agency.Code.Value)
        {
            throw new RefusalException(
                RefusalReason.ClientNotSender,
                $"draft.manifest.sender.code {manifest.Sender.Code} differs from draft.agency_code {agency.Code}; a letter is sent by the agency it is drafted for.",
                "draft.manifest.sender.code");
        }

        if (string.IsNullOrEmpty(manifest.Sender.Name))
        {
            manifest.Sender.Name = agency.Name;
        }

        manifest.CreatedAt ??= Timestamp.FromDateTimeOffset(time.GetUtcNow());
    }

    /// <summary>A DMS that sends the same envelope id again gets the earlier letter, if it is the same letter.</summary>
    private static SendLetterResponse Repeated(OutboxLetter earlier, Manifest manifest)
    {
        var stored = Manifest.Parser.ParseFrom(earlier.Manifest);
        stored.CreatedAt = null;
        var again = manifest.Clone();
        again.CreatedAt = null;
        if (!stored.Equals(again))
        {
            throw new RefusalException(
                RefusalReason.EnvelopeIdReused,
                $"Envelope id {earlier.EnvelopeId} was already used for a different letter; choose a new id.",
                "draft.manifest.envelope_id");
        }

        return Response(earlier);
    }

    private static SendLetterResponse Response(OutboxLetter letter) => new()
    {
        EnvelopeId = letter.EnvelopeId,
        State = OutboxStates.ToProto(letter.State),
        QueuedAt = Timestamp.FromDateTimeOffset(Epoch.FromMs(letter.QueuedAt)),
        SignedManifest = SignedMapper.ToManifest(letter.SignedManifest),
    };
}
