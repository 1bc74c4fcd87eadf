using DocAxis.Core;
using DocAxis.Core.Deliveries;
using DocAxis.Core.Letters;
using DocAxis.Hosting.Audit;
using DocAxis.Hub.Delivery;
using DocAxis.Storage.Hub;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hub.Resend;

/// <summary>
/// Failed is not the end: failed deliveries go back in the queue and the hub pushes them at once.
/// One way for the gRPC ResendService and the operators' console: everything asked for is checked
/// before anything moves, so a refused request re-queues nothing.
/// </summary>
public sealed class DeliveryRequeue
{
    public const int MaxReasonLength = 500;

    private readonly HubStore _store;
    private readonly DeliveryDispatcher _dispatcher;
    private readonly AuditTrail _audit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    // Internal: the dispatcher it hands the deliveries to is the hub's own.
    internal DeliveryRequeue(HubStore store, DeliveryDispatcher dispatcher, AuditTrail audit, TimeProvider time, ILogger<DeliveryRequeue> logger) =>
        (_store, _dispatcher, _audit, _time, _logger) = (store, dispatcher, audit, time, logger);

    /// <summary>
    /// Re-queues the named recipients of a letter (each must have failed), or every failed one if
    /// none is named. <paramref name="authorize"/> sees the letter's sender before anything changes.
    /// </summary>
    public async Task<RequeuedDeliveries> RequeueAsync(
        string actor, string envelopeId, IReadOnlyList<string> recipients, string reason, Func<StoredEnvelope, Task>? authorize = null)
    {
        var id = EnvelopeId.Parse(envelopeId).ToString();
        Text.Required(reason, MaxReasonLength, "reason");
        var named = recipients.Select(code => Core.Agencies.AgencyCode.Parse(code, "recipient_codes").Value).Distinct().ToList();
        var envelope = await _store.Letters.FindEnvelopeAsync(id)
            ?? throw new RefusalException(RefusalReason.EnvelopeUnknown, $"No letter {id} was accepted by this hub.", "envelope_id");
        if (authorize is not null)
        {
            await authorize(envelope);
        }

        var chosen = Choose(id, await _store.Deliveries.GetDeliveriesAsync(id), named);
        reason = reason.Trim();
        var at = _time.GetUtcNow();
        var requeued = new List<DeliveryKey>();
        foreach (var key in chosen)
        {
            // False only if another request re-queued it since it was checked: it is pending either way.
            if (await _store.Deliveries.RequeueAsync(key, actor, reason, at))
            {
                requeued.Add(key);
                HubLog.DeliveryRequeued(_logger, actor, key.EnvelopeId, key.RecipientCode, reason);
            }
        }

        if (requeued.Count == 0)
        {
            throw new RefusalException(RefusalReason.DeliveryNotFailed, $"The failed deliveries of letter {id} were re-queued meanwhile by another request.", "envelope_id");
        }

        _audit.Record(actor, "Requeue", "requeued", id, detail: $"to {string.Join(", ", requeued.Select(k => k.RecipientCode))}: {reason}");
        await _dispatcher.DispatchAsync(requeued);
        return new RequeuedDeliveries(id, requeued, at);
    }

    /// <summary>The deliveries to re-queue, in manifest order: each one named, which must have failed, or else every failed one.</summary>
    private static List<DeliveryKey> Choose(string id, IReadOnlyList<StoredDelivery> deliveries, IReadOnlyList<string> named)
    {
        if (named.Count == 0)
        {
            var failed = deliveries.Where(d => DeliveryStateMachine.CanRequeue(d.DeliveryState)).Select(d => d.Key).ToList();
            return failed.Count > 0
                ? failed
                : throw new RefusalException(RefusalReason.DeliveryNotFailed, $"No delivery of letter {id} has failed; there is nothing to re-queue.", "envelope_id");
        }

        foreach (var code in named)
        {
            var delivery = deliveries.FirstOrDefault(d => d.RecipientCode == code)
                ?? throw new RefusalException(RefusalReason.FieldInvalid, $"{code} is not a recipient of letter {id}.", "recipient_codes");
            if (!DeliveryStateMachine.CanRequeue(delivery.DeliveryState))
            {
                throw new RefusalException(
                    RefusalReason.DeliveryNotFailed,
                    $"Letter {id} to {code} is {delivery.State.ToLowerInvariant()}, not failed; only a failed delivery can be re-queued.",
                    "recipient_codes");
            }
        }

        return [.. deliveries.Where(d => named.Contains(d.RecipientCode)).Select(d => d.Key)];
    }
}

/// <summary>The deliveries of a letter put back in the queue, due at once (<paramref name="At"/>).</summary>
public sealed record RequeuedDeliveries(string EnvelopeId, IReadOnlyList<DeliveryKey> Deliveries, DateTimeOffset At);
