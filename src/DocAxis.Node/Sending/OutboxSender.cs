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
using Google.Protobuf;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocAxis.Node.Sending;

/// <summary>
/// Drains the outbox: submits queued letters to the hub, several at once, and relays queued status
/// reports in a loop of their own, retrying with back-off while the hub is unreachable. A large
/// letter on a slow link thus holds up neither the letters queued after it nor the statuses a clerk
/// reports meanwhile. Work survives restarts because it lives in the database; the signal only
/// makes new work start at once instead of at the next poll.
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
    IJitterSource jitter,
    TimeProvider time,
    ILogger<OutboxSender> logger) : BackgroundService
{
    private const int ReportBatch = 32;
    private readonly RetrySchedule _retries = options.Outbox.ToSchedule(jitter);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(SubmitLettersAsync(stoppingToken), RelayStatusReportsAsync(stoppingToken));

    private async Task SubmitLettersAsync(CancellationToken stoppingToken)
    {
        // The node is one process with its own database, so what is being sent is known here alone.
        var sending = new Dictionary<string, Task>();
        var most = options.Outbox.MaxParallel;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    foreach (var (envelopeId, finished) in sending.Where(s => s.Value.IsCompleted).ToList())
                    {
                        sending.Remove(envelopeId);
                        await finished;
                    }

                    var now = time.GetUtcNow();
                    var free = most - sending.Count;
                    // Asking for as many more as are being sent fills every free slot even when those come first.
                    var due = free > 0 ? await store.DueOutboxAsync(now, free + sending.Count) : [];
                    foreach (var letter in due.Where(l => !sending.ContainsKey(l.EnvelopeId)).Take(free))
                    {
                        sending[letter.EnvelopeId] = Task.Run(() => SubmitThenWakeAsync(letter, stoppingToken), CancellationToken.None);
                    }

                    // With every slot taken, a letter finishing wakes the loop; otherwise every due letter is under
                    // way and the next one to wait for is a retry not due yet, or new work.
                    var wait = sending.Count >= most ? options.Outbox.PollInterval : Until(await store.NextLetterDueAsync(now), now);
                    await signal.WaitForLettersAsync(wait, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    NodeLog.OutboxCrashed(logger, e);
                    await signal.WaitForLettersAsync(options.Outbox.PollInterval, stoppingToken);
                }
            }
        }
        finally
        {
            // Letters cut off by shutdown stay queued and go again after a restart; the hub answers a
            // repeated envelope id with its first receipt.
            foreach (var unfinished in sending.Values)
            {
                try
                {
                    await unfinished;
                }
                catch (Exception) when (stoppingToken.IsCancellationRequested)
                {
                }
            }
        }
    }

    private async Task SubmitThenWakeAsync(OutboxLetter letter, CancellationToken cancellationToken)
    {
        try
        {
            await SubmitAsync(letter, cancellationToken);
        }
        finally
        {
            signal.WakeLetters();
        }
    }

    private async Task RelayStatusReportsAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var report in await store.DueStatusReportsAsync(time.GetUtcNow(), ReportBatch))
                {
                    await RelayAsync(report, stoppingToken);
                }

                await signal.WaitForReportsAsync(Until(await store.NextStatusReportDueAsync(), time.GetUtcNow()), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                NodeLog.OutboxCrashed(logger, e);
                await signal.WaitForReportsAsync(options.Outbox.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>How long to wait for work due at <paramref name="next"/>: no less than nothing, no more than a poll.</summary>
    private TimeSpan Until(DateTimeOffset? next, DateTimeOffset now)
    {
        var wait = next is { } due ? due - now : options.Outbox.PollInterval;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > options.Outbox.PollInterval ? options.Outbox.PollInterval : wait;
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
            await store.MarkAcceptedAsync(letter.EnvelopeId, signed.Body.ToByteArray(), signed.Signature.ToByteArray(), acceptance.AcceptedAt);
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

            await store.MarkRefusedAsync(letter.EnvelopeId, outcome.Reason);
            NodeLog.SubmissionRefused(logger, letter.EnvelopeId, outcome.Reason);
            audit.Record(letter.AgencyCode, "Submit", outcome.Refused ? "refused" : "given-up", letter.EnvelopeId, refusal?.Reason.ToWireName(), outcome.Reason);
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
            var refused = HubRefusals.AsRefusal(e) is { Reason: not RefusalReason.DeliveryNotConfirmed };
            var error = HubRefusals.Describe(e);
            var outcome = _retries.AfterFailure(Epoch.FromMs(report.QueuedAt), (int)report.Attempts + 1, time.GetUtcNow(), error, final: refused);
            if (outcome.Retry)
            {
                await store.MarkStatusRetryAsync(report.ReportId, outcome.NextAttemptAt, error);
                NodeLog.StatusRetry(logger, report.StatusCode, report.EnvelopeId, outcome.NextAttemptAt, error);
                return;
            }

            await store.MarkStatusRefusedAsync(report.ReportId, outcome.Reason);
            NodeLog.StatusRefused(logger, report.StatusCode, report.EnvelopeId, outcome.Reason);
        }
    }
}
