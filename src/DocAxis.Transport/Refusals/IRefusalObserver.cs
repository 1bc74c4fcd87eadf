using DocAxis.Core;
using Grpc.Core;

namespace DocAxis.Transport.Refusals;

/// <summary>Told of every refusal a host makes, after it is decided and before the caller hears it (the hub audits them).</summary>
public interface IRefusalObserver
{
    void Refused(ServerCallContext context, RefusalException refusal);
}
