using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using Agency = DocAxis.Core.Agencies.Agency;
using DocAxis.Core.Deliveries;
using DocAxis.Crypto.Signing;
using DocAxis.Hosting.Audit;
using DocAxis.Hub.Options;
using DocAxis.Hub.Telemetry;
using DocAxis.Storage;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Mapping;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Refusals;
using DocAxis.Transport.Signing;
using DocAxis.Transport.Streaming;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hub.Delivery;

/// <summary>
/// One attempt to push one letter to one recipient's node: stream it, check the signed delivery
/// receipt, record the outcome. A failure is retried with back-off until the give-up age, unless
/// the recipient's node refused the letter itself, which no retry would change.
/// </summary>
internal sealed class DeliveryAttempt(
    HubStore store,
    BlobStore blobs,
    PeerChannels channels,
    HubCredentials credentials,
    SignatureVerifier verifier,
    HubOptions options,
    Federation.LetterForwarder forwarder,
    AuditTrail audit,
    HubMetrics metrics,
    IJitterSource jitter,
    TimeProvider time,
    ILogger<DeliveryAttempt> logger)
{
    private static readonly StatusCode[] RefusedByNode =
        [StatusCode.InvalidArgument, StatusCode.PermissionDenied, StatusCode.NotFound, StatusCode.FailedPrecondition, StatusCode.AlreadyExists];

    /// <summary>How long the first push after a re-queue waits for the recipient's node to accept a connection.</summary>
    private static readonly TimeSpan ReconnectWait = TimeSpan.FromSeconds(10);

    private readonly RetrySchedule _retries = options.Delivery.ToSchedule(jitter);

    public async Task RunAsync(DeliveryKey key, string owner, CancellationToken cancellationToken)
    {
        var delivery = await store.Deliveries.GetDeliveryAsync(key);
        if (delivery is not { DeliveryState: Core.Deliveries.DeliveryState.Pending } || delivery.LeaseOwner != owner)
        {
            return;
        }

        var envelope = (await store.Letters.FindEnvelopeAsync(key.EnvelopeId))!;
        var attempt = (int)delivery.Attempts + 1;
        using var renewal = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var renewing = RenewLeaseAsync(key, owner, renewal.Token);
        try
        {
            var requeued = delivery.RequeuedAt is not null && delivery.Attempts == 0;
            var recipient = await store.Directory.GetAgencyAsync(AgencyCode.Parse(key.RecipientCode));
            if (recipient?.ViaHub is { } hub)
            {
                var acceptance = await forwarder.ForwardAsync(key, envelope, recipient, hub, cancellationToken);
                if (await store.Deliveries.RecordForwardedAsync(key, attempt, hub, acceptance, time.GetUtcNow()))
                {
                    HubLog.Forwarded(logger, key.EnvelopeId, key.RecipientCode, hub, attempt);
                    audit.Record(credentials.Identity, "Forward", "forwarded", key.EnvelopeId, detail: $"for {key.RecipientCode} to hub {hub} on attempt {attempt} by {owner}");
                }

                return;
            }

            var receipt = await PushAsync(key, envelope, recipient, attempt, requeued, cancellationToken);
            var signed = SignedMapper.FromDeliveryReceipt(receipt);
            if (await store.Deliveries.RecordDeliveredAsync(key, attempt, signed.Content, signed.Signature, time.GetUtcNow()))
            {
                HubLog.Delivered(logger, key.EnvelopeId, key.RecipientCode, attempt);
                metrics.Delivered(time.GetUtcNow() - Epoch.FromMs(delivery.AcceptedAt));
                audit.Record(credentials.Identity, "Deliver", "delivered", key.EnvelopeId, detail: $"to {key.RecipientCode} on attempt {attempt} by {owner}");
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not OutOfMemoryException)
        {
            await RecordFailureAsync(key, delivery, attempt, owner, e);
        }
        finally
        {
            await renewal.CancelAsync();
            await renewing;
        }
    }

    private async Task<SignedDeliveryReceipt> PushAsync(
        DeliveryKey key, StoredEnvelope envelope, Agency? recipient, int attempt, bool requeued, CancellationToken cancellationToken)
    {
        if (recipient?.NodeEndpoint is not { } endpoint)
        {
            throw new RefusalException(
                RefusalReason.RecipientUnroutable, $"{key.RecipientCode} has no node the hub can deliver to in the directory; give it one, then re-queue the letter.", "recipient_code");
        }

        var attachments = await store.Letters.GetAttachmentsAsync(key.EnvelopeId);
        // A letter to a hundred agencies is read from disk once, not a hundred times: while other
        // recipients still wait for it, its files stay in the page cache behind this push.
        var othersWaiting = attachments.Any(a => a.Size > BlobStore.InlineLimit)
            && (await store.Deliveries.GetDeliveriesAsync(key.EnvelopeId)).Any(d => d.RecipientCode != key.RecipientCode && d.DeliveryState == Core.Deliveries.DeliveryState.Pending);
        var channel = channels.For(endpoint, credentials.Tls);
        if (requeued)
        {
            await ReconnectAsync(channel, cancellationToken);
        }

        var client = new DeliveryService.DeliveryServiceClient(channel);
        using var call = client.Deliver(cancellationToken: cancellationToken);
        var signed = await ClientStreamingCalls.SendAsync(call, async requests =>
        {
            await requests.WriteAsync(new DeliverRequest
            {
                Header = new DeliveryHeader
                {
                    EnvelopeId = key.EnvelopeId,
                    RecipientCode = key.RecipientCode,
                    SignedManifest = SignedMapper.ToManifest(envelope.SignedManifest),
                    Acceptance = SignedMapper.ToAcceptance(envelope.SignedAcceptance),
                    Attempt = (uint)attempt,
                },
            }, cancellationToken);
            await ChunkStreams.WriteAttachmentsAsync(
                blobs.ReadInOrder(attachments.Select(a => (a.Sha256, a.Size)), ChunkStreams.ChunkSize, othersWaiting, cancellationToken),
                chunk => requests.WriteAsync(new DeliverRequest { Chunk = chunk }, cancellationToken),
                cancellationToken);
        });

        var receipt = await SignedMessages.OpenAsync(verifier, signed.Body, signed.Signature, key.RecipientCode, DeliveryReceipt.Parser, "delivery receipt", cancellationToken);
        if (receipt.EnvelopeId != key.EnvelopeId || receipt.RecipientCode != key.RecipientCode || !receipt.ManifestSha256.Span.SequenceEqual(envelope.ManifestSha256))
        {
            throw new RefusalException(RefusalReason.ReceiptInvalid, $"The delivery receipt from {key.RecipientCode} does not match the letter that was sent.");
        }

        return signed;
    }

    /// <summary>
    /// A re-queue usually means "the recipient's node is back", but after an outage the channel to it
    /// may sit in its connection back-off (up to minutes) and fail the push at once. Asking it to
    /// connect cuts the back-off short; if the node is still down the push fails and is retried as usual.
    /// </summary>
    private static async Task ReconnectAsync(GrpcChannel channel, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(ReconnectWait);
        try
        {
            await channel.ConnectAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RecordFailureAsync(DeliveryKey key, StoredDelivery delivery, int attempt, string owner, Exception failure)
    {
        var now = time.GetUtcNow();
        var via = (await store.Directory.GetAgencyAsync(AgencyCode.Parse(key.RecipientCode)))?.ViaHub;
        var (permanent, error) = Describe(failure, via is null ? "recipient's node" : $"next hub ({via})");
        // A re-queued delivery starts afresh: its give-up age counts from the re-queue.
        var outcome = _retries.AfterFailure(Epoch.FromMs(delivery.RetryingSince), attempt, now, error, permanent);
        if (outcome.Retry)
        {
            await store.Deliveries.RecordAttemptFailedAsync(key, attempt, error, now, outcome.NextAttemptAt);
            HubLog.DeliveryAttemptFailed(logger, attempt, key.EnvelopeId, key.RecipientCode, outcome.NextAttemptAt, error);
            metrics.Attempt("retry");
            audit.Record(credentials.Identity, "Deliver", "attempt-failed", key.EnvelopeId, detail: $"to {key.RecipientCode}, attempt {attempt} by {owner}: {error}");
            return;
        }

        var reason = outcome.Reason;
        await store.Deliveries.RecordFailedAsync(key, attempt, reason, now);
        HubLog.DeliveryFailed(logger, key.EnvelopeId, key.RecipientCode, attempt, reason);
        metrics.Attempt("failed");
        audit.Record(credentials.Identity, "Deliver", "failed", key.EnvelopeId, detail: $"to {key.RecipientCode} after {attempt} attempts, the last by {owner}: {reason}");
    }

    /// <summary>Whether the failure is final, and a sentence for the sender's clerk.</summary>
    private static (bool Permanent, string Reason) Describe(Exception error, string next) => error switch
    {
        RpcException rpc when RefusedByNode.Contains(rpc.StatusCode) && RefusalStatus.FromRpcException(rpc) is { } refusal =>
            (true, $"The {next} refused the letter ({refusal.Reason.ToWireName()}): {refusal.Message}"),
        RpcException rpc => (false, $"The {next} could not be reached ({rpc.StatusCode}): {rpc.Status.Detail}"),
        // No retry can help until the directory changes: fail now, visibly, rather than after the give-up age.
        RefusalException { Reason: RefusalReason.RecipientUnroutable or RefusalReason.RouteLoop or RefusalReason.HopLimitExceeded } unroutable =>
            (true, $"{unroutable.Reason.ToWireName()}: {unroutable.Message}"),
        RefusalException refusal => (false, $"The recipient's answer was not acceptable ({refusal.Reason.ToWireName()}): {refusal.Message}"),
        _ => (false, error.Message),
    };

    private async Task RenewLeaseAsync(DeliveryKey key, string owner, CancellationToken cancellationToken)
    {
        var every = options.Delivery.LeaseDuration / 3;
        try
        {
            while (true)
            {
                await Task.Delay(every, time, cancellationToken);
                await store.Deliveries.RenewLeaseAsync(key, owner, time.GetUtcNow() + options.Delivery.LeaseDuration);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
