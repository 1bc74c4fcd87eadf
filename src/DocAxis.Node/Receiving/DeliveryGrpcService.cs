using DocAxis.Contracts.V1;
using Grpc.Core;

namespace DocAxis.Node.Receiving;

/// <summary>Thin gRPC face of <see cref="InboxReceiver"/>, served to the hub over mutual TLS.</summary>
internal sealed class DeliveryGrpcService(InboxReceiver receiver) : DeliveryService.DeliveryServiceBase
{
    public override Task<SignedDeliveryReceipt> Deliver(IAsyncStreamReader<DeliverRequest> requestStream, ServerCallContext context) =>
        receiver.ReceiveAsync(context, requestStream);
}
