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
/// The ResendService: an operator, or the letter's sender, puts failed deliveries back in the
/// queue (<see cref="DeliveryRequeue"/>); a sender may touch only its own letters.
/// </summary>
internal sealed class ResendGrpcService(HubRoles roles, DeliveryRequeue requeue) : ResendService.ResendServiceBase
{
    public override async Task<RequeueResponse> Requeue(RequeueRequest request, ServerCallContext context)
    {
        var caller = context.Caller();
        context.About(EnvelopeId.Parse(request.EnvelopeId).ToString());
        var requeued = await requeue.RequeueAsync(
            caller.Identity, request.EnvelopeId, request.RecipientCodes, request.Reason,
            envelope => roles.RequireSelfOrOperatorAsync(caller, envelope.SenderCode, $"re-queue letter {envelope.Id}", "envelope_id"));
        var next = Timestamp.FromDateTimeOffset(requeued.At);
        return new RequeueResponse
        {
            EnvelopeId = requeued.EnvelopeId,
            Deliveries = { requeued.Deliveries.Select(k => new RequeuedDelivery { RecipientCode = k.RecipientCode, NextAttemptAt = next }) },
        };
    }
}
