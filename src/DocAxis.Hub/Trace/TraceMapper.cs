using DocAxis.Contracts.V1;
using DocAxis.Storage;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Mapping;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace DocAxis.Hub.Trace;

/// <summary>Renders stored deliveries and their events as the trace a sender's clerk reads.</summary>
internal static class TraceMapper
{
    public static LetterTrace ToTrace(
        StoredEnvelope envelope, IEnumerable<StoredDelivery> deliveries, IReadOnlyList<DeliveryEvent> events,
        IReadOnlyList<(string RecipientCode, byte[] Body, byte[] Signature)> reports)
    {
        var trace = new LetterTrace
        {
            EnvelopeId = envelope.Id,
            SenderCode = envelope.SenderCode,
            Subject = envelope.Subject,
            AcceptedAt = Time(envelope.AcceptedAt),
            BusinessType = (BusinessType)(int)envelope.BusinessType,
            ReferencedEnvelopeId = envelope.ReferencedEnvelopeId ?? string.Empty,
        };
        foreach (var delivery in deliveries)
        {
            var recipient = new RecipientTrace
            {
                RecipientCode = delivery.RecipientCode,
                State = delivery.DeliveryState switch
                {
                    Core.Deliveries.DeliveryState.Pending when delivery.ForwardedTo is not null => Contracts.V1.DeliveryState.Forwarded,
                    Core.Deliveries.DeliveryState.Pending => Contracts.V1.DeliveryState.Pending,
                    Core.Deliveries.DeliveryState.Delivered => Contracts.V1.DeliveryState.Delivered,
                    _ => Contracts.V1.DeliveryState.Failed,
                },
                StatusCode = delivery.StatusCode ?? string.Empty,
                Attempts = (uint)delivery.Attempts,
                LastError = delivery.LastError ?? string.Empty,
                NextAttemptAt = Time(delivery.NextAttemptAt),
                DeliveredAt = Time(delivery.DeliveredAt),
                FailedAt = Time(delivery.FailedAt),
                AwaitingAnswerTo = delivery.AmendedBy ?? string.Empty,
                ForwardedTo = delivery.ForwardedTo ?? string.Empty,
                Receipt = delivery.Receipt is { } receipt
                    ? new SignedDeliveryReceipt { Body = ByteString.CopyFrom(receipt), Signature = ByteString.CopyFrom(delivery.ReceiptSignature ?? []) }
                    : null,
            };
            recipient.Timeline.AddRange(events.Where(e => e.RecipientCode == delivery.RecipientCode).Select(ToEvent));
            recipient.Reports.AddRange(reports.Where(r => r.RecipientCode == delivery.RecipientCode)
                .Select(r => new SignedStatusReport { Body = ByteString.CopyFrom(r.Body), Signature = ByteString.CopyFrom(r.Signature) }));
            trace.Recipients.Add(recipient);
        }

        return trace;
    }

    public static TraceEvent ToEvent(DeliveryEvent e) => new()
    {
        At = Time(e.At),
        Kind = e.Kind switch
        {
            DeliveryEventKind.Accepted => TraceEventKind.Accepted,
            DeliveryEventKind.AttemptFailed => TraceEventKind.AttemptFailed,
            DeliveryEventKind.Delivered => TraceEventKind.Delivered,
            DeliveryEventKind.Status => TraceEventKind.Status,
            DeliveryEventKind.Failed => TraceEventKind.Failed,
            DeliveryEventKind.Requeued => TraceEventKind.Requeued,
            DeliveryEventKind.Amended => TraceEventKind.Amended,
            DeliveryEventKind.Forwarded => TraceEventKind.Forwarded,
            _ => TraceEventKind.Unspecified,
        },
        StatusCode = e.StatusCode ?? string.Empty,
        Detail = e.Detail ?? string.Empty,
        Attempt = (uint)(e.Attempt ?? 0),
        HubId = e.HubId ?? string.Empty,
        HopAcceptance = e.Kind == DeliveryEventKind.Forwarded && e.SignedProof is { } acceptance ? SignedMapper.ToAcceptance(acceptance) : null,
    };

    private static Timestamp? Time(long? epochMs) => epochMs is { } ms ? Timestamp.FromDateTimeOffset(Epoch.FromMs(ms)) : null;
}
