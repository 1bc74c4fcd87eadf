using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Deliveries;
using DocAxis.Crypto.Signing;
using DocAxis.Hosting.Audit;
using DocAxis.Node.Options;
using DocAxis.Storage;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Node;
using DocAxis.Transport.Signing;
using DocAxis.Transport.Streaming;
using Google.Protobuf;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocAxis.Node.Sending;

/// <summary>
/// Drains the outbox: submits queued letters to the hub and relays queued status reports, retrying
/// with back-off while the hub is unreachable. Work survives restarts because it lives in the
/// database; the signal only makes new work start at once instead of at the next poll.
/// </summary>
internal sealed class OutboxSender(
    NodeStore store,
    BlobStore blobs,
    HostedAgencies agencies,
    HubLink hub,
    SignatureVerifier verifier,
    NodeOptions options,
    OutboxSignal signal,
    AuditTrail audit,
    TimeProvider time,
    ILogger<OutboxSender> logger) : BackgroundService
{
    private const int Batch = 32;
    private readonly RetryPolicy _policy = options.Outbox.ToPolicy();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var letter in await store.DueOutboxAsync(time.GetUtcNow(), Batch))
                {
                    await SubmitAsync(letter, stoppingToken);
                }

                foreach (var report in await store.DueStatusReportsAsync(time.GetUtcNow(), Batch))
                {
                    await RelayAsync(report, stoppingToken);
                }

                var next = await store.NextDueAsync();
                var wait = next is { } due ? due - time.GetUtcNow() : options.Outbox.PollInterval;
                await signal.WaitAsync(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > options.Outbox.PollInterval ? options.Outbox.PollInterval : wait, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                NodeLog.OutboxCrashed(logger, e);
                await signal.WaitAsync(options.Outbox.PollInterval, time, stoppingToken);
            }
        }
    }

    private async Task SubmitAsync(OutboxLetter letter, CancellationToken cancellationToken)
    {
        try
        {
            var agency = agencies.Get(letter.AgencyCode);
            var contents = await store.GetOutboxContentAsync(letter.EnvelopeId);
            using var call = hub.Submission(agency).Submit(cancellationToken: cancellationToken);
            var signed = await ClientStreamingCalls.SendAsync(call, async requests =>
            {
                await requests.WriteAsync(new SubmitRequest
                {
                    Header = new SubmissionHeader
                    {
                        EnvelopeId = letter.EnvelopeId,
                        SignedManifest = new SignedManifest { Manifest = ByteString.CopyFrom(letter.Manifest), Signature = ByteString.CopyFrom(letter.Signature) },
                    },
                }, cancellationToken);
                await ChunkStreams.WriteBlobsAsync(
                    blobs, contents.Select(c => (c.Sha256, c.Size)), chunk => requests.WriteAsync(new SubmitRequest { Chunk = chunk }, cancellationToken), cancellationToken);
            });

            var receipt = await SignedMessages.OpenAsync(verifier, signed.Body, signed.Signature, options.Hub.Identity, AcceptanceReceipt.Parser, "acceptance receipt", cancellationToken);
            if (receipt.EnvelopeId != letter.EnvelopeId || !receipt.ManifestSha256.Span.SequenceEqual(letter.ManifestSha256))
            {
                throw new RefusalException(RefusalReason.ReceiptInvalid, $"The hub's acceptance receipt does not match letter {letter.EnvelopeId}.");
            }

            await store.MarkAcceptedAsync(letter.EnvelopeId, signed.Body.ToByteArray(), signed.Signature.ToByteArray(), receipt.AcceptedAt.ToDateTimeOffset());
            NodeLog.LetterSubmitted(logger, letter.EnvelopeId, receipt.AcceptedAt.ToDateTimeOffset());
            audit.Record(letter.AgencyCode, "Submit", "accepted", letter.EnvelopeId);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var refusal = HubRefusals.AsRefusal(e) ?? (e as RefusalException is { Reason: RefusalReason.AgencyNotHosted } local ? local : null);
            var error = refusal is not null ? $"{refusal.Reason.ToWireName()}: {refusal.Message}" : HubRefusals.Describe(e);
            var decision = _policy.AfterFailure(Epoch.FromMs(letter.QueuedAt), (int)letter.Attempts + 1, time.GetUtcNow(), Random.Shared.NextDouble());
            if (refusal is null && decision.ShouldRetry)
            {
                await store.MarkSubmitRetryAsync(letter.EnvelopeId, decision.NextAttemptAt, error);
                NodeLog.SubmissionRetry(logger, letter.EnvelopeId, decision.NextAttemptAt, error);
                return;
            }

            await store.MarkRefusedAsync(letter.EnvelopeId, refusal is null ? $"Gave up submitting: {error}" : error);
            NodeLog.SubmissionRefused(logger, letter.EnvelopeId, error);
            audit.Record(letter.AgencyCode, "Submit", refusal is null ? "given-up" : "refused", letter.EnvelopeId, refusal?.Reason.ToWireName(), error);
        }
    }

    private async Task RelayAsync(QueuedStatusReport report, CancellationToken cancellationToken)
    {
        try
        {
            var agency = agencies.Get(report.AgencyCode);
            await hub.Status(agency).ReportAsync(
                new SignedStatusReport { Body = ByteString.CopyFrom(report.Body), Signature = ByteString.CopyFrom(report.Signature) },
                cancellationToken: cancellationToken);
            await store.MarkStatusSentAsync(report.ReportId, time.GetUtcNow());
            NodeLog.StatusRelayed(logger, report.StatusCode, report.EnvelopeId);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // The hub may not have recorded the delivery receipt yet: that status is worth retrying.
            var refusal = HubRefusals.AsRefusal(e) is { Reason: not RefusalReason.DeliveryNotConfirmed } final ? final : null;
            var error = HubRefusals.Describe(e);
            var decision = _policy.AfterFailure(Epoch.FromMs(report.QueuedAt), (int)report.Attempts + 1, time.GetUtcNow(), Random.Shared.NextDouble());
            if (refusal is null && decision.ShouldRetry)
            {
                await store.MarkStatusRetryAsync(report.ReportId, decision.NextAttemptAt, error);
                NodeLog.StatusRetry(logger, report.StatusCode, report.EnvelopeId, decision.NextAttemptAt, error);
                return;
            }

            await store.MarkStatusRefusedAsync(report.ReportId, error);
            NodeLog.StatusRefused(logger, report.StatusCode, report.EnvelopeId, error);
        }
    }
}
