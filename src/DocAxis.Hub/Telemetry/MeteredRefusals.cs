using DocAxis.Core;
using DocAxis.Hosting.Audit;
using DocAxis.Transport.Refusals;
using Grpc.Core;

namespace DocAxis.Hub.Telemetry;

/// <summary>Counts every refusal by its reason, for dashboards and alerts.</summary>
internal sealed class MeteredRefusals(HubMetrics metrics) : IRefusalObserver
{
    public void Refused(ServerCallContext context, RefusalException refusal) =>
        metrics.Refused(refusal.Reason.ToWireName(), AuditContext.Action(context));
}
