using DocAxis.Transport.Peers;
using Grpc.Core;

namespace DocAxis.Hosting.Audit;

/// <summary>What the exchange log needs to know about a call: who made it, what it was, which letter.</summary>
public static class AuditContext
{
    private const string ActorKey = "docaxis.audit.actor";

    /// <summary>Notes who a call acts for when no client certificate says it (a DMS authenticated by its token).</summary>
    public static void ActingFor(this ServerCallContext context, string actor) => context.UserState[ActorKey] = actor;


    public static string Actor(ServerCallContext context) =>
        context.UserState.TryGetValue(ActorKey, out var actor) && actor is string name ? name
        : context.UserState.TryGetValue(typeof(PeerIdentity), out var peer) && peer is PeerIdentity identity ? identity.Identity
        : context.Peer;

    /// <summary>The method's short name: "/docaxis.v1.SubmissionService/Submit" is "Submit".</summary>
    public static string Action(ServerCallContext context) => context.Method[(context.Method.LastIndexOf('/') + 1)..];
}
