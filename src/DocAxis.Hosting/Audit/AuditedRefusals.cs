using DocAxis.Core;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Refusals;
using Grpc.Core;

namespace DocAxis.Hosting.Audit;

/// <summary>Every refusal a host makes goes into its exchange log, with who asked and why it was refused.</summary>
internal sealed class AuditedRefusals(AuditTrail trail) : IRefusalObserver
{
    public void Refused(ServerCallContext context, RefusalException refusal) =>
        trail.Record(AuditContext.Actor(context), AuditContext.Action(context), "refused", context.EnvelopeId(), refusal.Reason.ToWireName(), refusal.Message);
}
