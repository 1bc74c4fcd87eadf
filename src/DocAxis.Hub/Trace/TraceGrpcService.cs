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
internal sealed class TraceGrpcService(HubStore store, HubRoles roles) : TraceService.TraceServiceBase
{
    public override async Task<LetterTrace> GetTrace(GetTraceRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        var id = EnvelopeId.Parse(request.EnvelopeId).ToString();
        context.About(id);
        var envelope = await store.Letters.FindEnvelopeAsync(id)
            ?? throw new RefusalException(RefusalReason.EnvelopeUnknown, $"No letter {id} was accepted by this hub.", "envelope_id");
        var deliveries = await store.Deliveries.GetDeliveriesAsync(id);
        var seesAll = caller.Identity == envelope.SenderCode || roles.SeesEverything(caller);
        var visible = deliveries.Where(d => seesAll || d.RecipientCode == caller.Identity).ToList();
        if (visible.Count == 0)
        {
            throw new RefusalException(
                RefusalReason.AccessDenied,
                $"\"{caller.Identity}\" is neither the sender nor a recipient of letter {id} and may not trace it.",
                "envelope_id");
        }

        return TraceMapper.ToTrace(envelope, visible, await store.Deliveries.GetEventsAsync(id), await store.Statuses.ListReportsAsync(id));
    }
}
