using DocAxis.Core;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Refusals;
using Grpc.Core;

namespace DocAxis.Hub.Audit;

/// <summary>Every refusal the hub makes goes into the exchange log, with who asked and why it was refused.</summary>
internal sealed class AuditedRefusals(AuditTrail trail) : IRefusalObserver
{
    public void Refused(ServerCallContext context, RefusalException refusal) =>
        trail.Record(AuditContext.Actor(context), AuditContext.Action(context), "refused", AuditContext.EnvelopeId(context), refusal.Reason.ToWireName(), refusal.Message);
}
