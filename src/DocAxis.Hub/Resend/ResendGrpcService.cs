using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Core.Deliveries;
using DocAxis.Core.Letters;
using DocAxis.Hosting.Audit;
using DocAxis.Hub.Access;
using DocAxis.Hub.Delivery;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Peers;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hub.Resend;

/// <summary>
/// Failed is not the end: an operator, or the letter's sender, puts failed deliveries back in the
/// queue, and the hub pushes them at once. Everything asked for is checked before anything moves,
/// so a refused call re-queues nothing.
/// </summary>
internal sealed class ResendGrpcService(
    HubStore store, HubRoles roles, DeliveryDispatcher dispatcher, AuditTrail audit, TimeProvider time, ILogger<ResendGrpcService> logger)
    : ResendService.ResendServiceBase
{
    public const int MaxReasonLength = 500;

    public override async Task<RequeueResponse> Requeue(RequeueRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var id = EnvelopeId.Parse(request.EnvelopeId).ToString();
        context.About(id);
        Text.Required(request.Reason, MaxReasonLength, "reason");
        var named = request.RecipientCodes.Select(code => AgencyCode.Parse(code, "recipient_codes").Value).Distinct().ToList();
        var envelope = await store.Letters.FindEnvelopeAsync(id)
            ?? throw new RefusalException(RefusalReason.EnvelopeUnknown, $"No letter {id} was accepted by this hub.", "envelope_id");
        roles.RequireSelfOrOperator(caller, envelope.SenderCode, $"re-queue letter {id}", "envelope_id");

        var chosen = Choose(id, await store.Deliveries.GetDeliveriesAsync(id), named);
        var reason = request.Reason.Trim();
        var at = time.GetUtcNow();
        var requeued = new List<DeliveryKey>();
        foreach (var key in chosen)
        {
            // False only if another request re-queued it since it was checked: it is pending either way.
            if (await store.Deliveries.RequeueAsync(key, caller.Identity, reason, at))
            {
                requeued.Add(key);
                HubLog.DeliveryRequeued(logger, caller.Identity, key.EnvelopeId, key.RecipientCode, reason);
            }
        }

        if (requeued.Count == 0)
        {
            throw new RefusalException(RefusalReason.DeliveryNotFailed, $"The failed deliveries of letter {id} were re-queued meanwhile by another request.", "envelope_id");
        }

        audit.Record(caller.Identity, "Requeue", "requeued", id, detail: $"to {string.Join(", ", requeued.Select(k => k.RecipientCode))}: {reason}");
        await dispatcher.DispatchAsync(requeued);
        var next = Timestamp.FromDateTimeOffset(at);
        return new RequeueResponse
        {
            EnvelopeId = id,
            Deliveries = { requeued.Select(k => new RequeuedDelivery { RecipientCode = k.RecipientCode, NextAttemptAt = next }) },
        };
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
