using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Deliveries;
using DocAxis.Crypto.Signing;
using DocAxis.Hosting.Audit;
using DocAxis.Node.Options;
using DocAxis.Storage;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Node;
using DocAxis.Transport.Mapping;
using DocAxis.Transport.Streaming;
using Microsoft.Extensions.Logging;

namespace DocAxis.Node.Sending;

/// <summary>
/// Submits one queued letter to the hub as its agency and records the outcome: the hub's signed
/// acceptance (checked against the letter), a retry at the schedule's next time, or the refusal.
/// </summary>
internal sealed class LetterSubmitter(
    NodeStore store,
    BlobStore blobs,
    HostedAgencies agencies,
    HubLink hub,
    SignatureVerifier verifier,
    NodeOptions options,
    AuditTrail audit,
    IJitterSource jitter,
    TimeProvider time,
    ILogger<LetterSubmitter> logger)
{
    private readonly RetrySchedule _retries = options.Outbox.ToSchedule(jitter);

    public async Task SubmitAsync(OutboxLetter letter, CancellationToken cancellationToken)
    {
        try
        {
            var agency = agencies.Sender(letter.AgencyCode);
            var contents = await store.GetOutboxContentAsync(letter.EnvelopeId);
            using var call = hub.Submission(agency).Submit(cancellationToken: cancellationToken);
            var signed = await ClientStreamingCalls.SendAsync(call, async requests =>
            {
                await requests.WriteAsync(new SubmitRequest
                {
                    Header = new SubmissionHeader
                    {
                        EnvelopeId = letter.EnvelopeId,
                        SignedManifest = SignedMapper.ToManifest(letter.SignedManifest),
                    },
                }, cancellationToken);
                await ChunkStreams.WriteAttachmentsAsync(
                    blobs.ReadInOrder(contents.Select(c => (c.Sha256, c.Size)), ChunkStreams.ChunkSize, keepCached: false, cancellationToken),
                    chunk => requests.WriteAsync(new SubmitRequest { Chunk = chunk }, cancellationToken),
                    cancellationToken);
            });

            var acceptance = await SignedMapper.OpenAcceptanceAsync(verifier, signed, options.Hub.Identity, cancellationToken);
            acceptance.EnsureFor(letter.EnvelopeId, letter.ManifestSha256, recipient: null);
            var kept = SignedMapper.FromAcceptance(signed);
            await store.MarkAcceptedAsync(letter.EnvelopeId, kept.Content, kept.Signature, acceptance.AcceptedAt);
            NodeLog.LetterSubmitted(logger, letter.EnvelopeId, acceptance.AcceptedAt);
            audit.Record(letter.AgencyCode, "Submit", "accepted", letter.EnvelopeId);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var refusal = HubRefusals.AsRefusal(e) ?? (e as RefusalException is { Reason: RefusalReason.AgencyNotHosted } local ? local : null);
            var error = refusal is not null ? $"{refusal.Reason.ToWireName()}: {refusal.Message}" : HubRefusals.Describe(e);
            var outcome = _retries.AfterFailure(Epoch.FromMs(letter.QueuedAt), (int)letter.Attempts + 1, time.GetUtcNow(), error, final: refusal is not null);
            if (outcome.Retry)
            {
                await store.MarkSubmitRetryAsync(letter.EnvelopeId, outcome.NextAttemptAt, error);
                NodeLog.SubmissionRetry(logger, letter.EnvelopeId, outcome.NextAttemptAt, error);
                return;
            }

            await store.MarkRefusedAsync(letter.EnvelopeId, outcome.Reason, time.GetUtcNow());
            NodeLog.SubmissionRefused(logger, letter.EnvelopeId, outcome.Reason);
            audit.Record(letter.AgencyCode, "Submit", outcome.Refused ? "refused" : "given-up", letter.EnvelopeId, refusal?.Reason.ToWireName(), outcome.Reason);
        }
    }
}
