using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Peers;
using Google.Protobuf;
using Grpc.Core;

namespace DocAxis.Hub.Federation;

/// <summary>What this hub offers its peer hubs: taking their forwards, and telling them what became of the letters they forwarded.</summary>
internal sealed class FederationGrpcService(ForwardIntake intake, HubStore store, DirectoryPublisher publisher) : FederationService.FederationServiceBase
{
    private const int DefaultEvents = 500;
    private const int MaxEvents = 1000;

    public override Task<SignedAcceptance> Forward(IAsyncStreamReader<ForwardRequest> requestStream, ServerCallContext context) =>
        intake.ReceiveAsync(context, requestStream);

    /// <summary>Only the letters the calling hub forwarded: the hub is the authenticated peer, never a field of the request.</summary>
    public override async Task<ListRelayedEventsResponse> ListRelayedEvents(ListRelayedEventsRequest request, ServerCallContext context)
    {
        var caller = await PeerAsync(context);

        if (request.Limit > MaxEvents)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"limit {request.Limit} is over {MaxEvents}.", "limit");
        }

        var limit = request.Limit == 0 ? DefaultEvents : (int)request.Limit;
        var since = request.Since?.ToDateTimeOffset() ?? DateTimeOffset.UnixEpoch;
        var events = await store.Deliveries.ListRelayedEventsAsync(caller.Identity, since, request.AfterId, limit + 1);
        var response = new ListRelayedEventsResponse { More = events.Count > limit };
        response.Events.AddRange(events.Take(limit).Select(ToRelayed));
        return response;
    }

    public override async Task<SignedDirectoryDelta> GetDirectory(GetDirectoryRequest request, ServerCallContext context)
    {
        await PeerAsync(context);
        if (request.SinceVersion < 0)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"since_version {request.SinceVersion} is negative.", "since_version");
        }

        return await publisher.ChangesSinceAsync(request.SinceVersion);
    }

    /// <summary>The calling hub, if it is one of this hub's peers.</summary>
    private async Task<PeerIdentity> PeerAsync(ServerCallContext context)
    {
        var caller = context.Caller();
        return await store.Peers.GetAsync(caller.Identity) is not null
            ? caller
            : throw new RefusalException(
                RefusalReason.AccessDenied,
                $"\"{caller.Identity}\" is not a peer hub of this hub.",
                new Dictionary<string, string> { ["certificate"] = caller.Certificate });
    }

    private static RelayedEvent ToRelayed(DeliveryEvent e)
    {
        var relayed = new RelayedEvent { Id = e.Id, EnvelopeId = e.EnvelopeId, RecipientCode = e.RecipientCode, Event = Trace.TraceMapper.ToEvent(e) };
        if (e.SignedProof is { } proof)
        {
            var (body, signature) = (ByteString.CopyFrom(proof.Content), ByteString.CopyFrom(proof.Signature));
            switch (e.Kind)
            {
                case DeliveryEventKind.Accepted:
                    relayed.Event.HopAcceptance = new SignedAcceptance { Body = body, Signature = signature };
                    break;
                case DeliveryEventKind.Delivered:
                    relayed.Receipt = new SignedDeliveryReceipt { Body = body, Signature = signature };
                    break;
                case DeliveryEventKind.Status:
                    relayed.Report = new SignedStatusReport { Body = body, Signature = signature };
                    break;
            }
        }

        return relayed;
    }
}
