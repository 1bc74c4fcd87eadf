using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.Hub.Access;
using DocAxis.Hosting.Audit;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Peers;
using Grpc.Core;

namespace DocAxis.Hub.Trace;

/// <summary>Answers "what happened to my letter": the sender sees every recipient, a recipient only itself.</summary>
internal sealed class TraceGrpcService(HubStore store, HubRoles roles, ActingAgencies acting) : TraceService.TraceServiceBase
{
    public override async Task<LetterTrace> GetTrace(GetTraceRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var id = EnvelopeId.Parse(request.EnvelopeId).ToString();
        context.About(id);
        var envelope = await store.Letters.FindEnvelopeAsync(id)
            ?? throw new RefusalException(RefusalReason.EnvelopeUnknown, $"No letter {id} was accepted by this hub.", "envelope_id");
        var timeline = await store.Deliveries.ReadTimelineAsync(id);
        var deliveries = timeline.Deliveries;
        var seesAll = roles.SeesEverything(caller) || await acting.ActsForAsync(caller, envelope.SenderCode);
        var visible = new List<StoredDelivery>();
        foreach (var delivery in deliveries)
        {
            if (seesAll || await acting.ActsForAsync(caller, delivery.RecipientCode))
            {
                visible.Add(delivery);
            }
        }

        if (visible.Count == 0)
        {
            throw new RefusalException(
                RefusalReason.AccessDenied,
                $"\"{caller.Identity}\" is neither the sender nor a recipient of letter {id} and may not trace it.",
                "envelope_id");
        }

        return TraceMapper.ToTrace(envelope, visible, timeline.Events, timeline.Reports);
    }

    /// <summary>The caller's own letters only: the sender is the authenticated agency, never a field of the request.</summary>
    public override async Task<ListSentEventsResponse> ListSentEvents(ListSentEventsRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        if (request.Limit > MaxSentEvents)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"limit {request.Limit} is over {MaxSentEvents}.", "limit");
        }

        var limit = request.Limit == 0 ? DefaultSentEvents : (int)request.Limit;
        var since = request.Since?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch;
        IReadOnlyList<DeliveryEvent> events;
        if (request.AgencyCode.Length > 0)
        {
            await acting.EnsureActsForAsync(caller, request.AgencyCode, $"list the letters of {request.AgencyCode}", "agency_code");
            events = await store.Deliveries.ListSentEventsAsync(request.AgencyCode, since, request.AfterId, limit + 1);
        }
        else
        {
            // An agency's own certificate lists its letters; a platform's, the letters of every agency that names it.
            events = caller.Agency is not null
                ? await store.Deliveries.ListSentEventsAsync(caller.Identity, since, request.AfterId, limit + 1)
                : await store.Deliveries.ListPlatformEventsAsync(caller.Identity, since, request.AfterId, limit + 1);
        }

        var response = new ListSentEventsResponse { More = events.Count > limit };
        response.Events.AddRange(events.Take(limit).Select(e => new SentLetterEvent
        {
            Id = e.Id, EnvelopeId = e.EnvelopeId, RecipientCode = e.RecipientCode, Event = TraceMapper.ToEvent(e), SenderCode = e.SenderCode ?? string.Empty,
        }));
        return response;
    }

    private const int DefaultSentEvents = 500;
    private const int MaxSentEvents = 1000;
}
