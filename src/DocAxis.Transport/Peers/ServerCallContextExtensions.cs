using Grpc.Core;

namespace DocAxis.Transport.Peers;

public static class ServerCallContextExtensions
{
    private const string EnvelopeKey = "docaxis.envelope";

    /// <summary>Notes which letter a call is about, as soon as a service knows it: a refusal is then logged and audited with it.</summary>
    public static void About(this ServerCallContext context, string envelopeId) => context.UserState[EnvelopeKey] = envelopeId;

    /// <summary>The letter the call is about, if a service has said so.</summary>
    public static string? EnvelopeId(this ServerCallContext context) =>
        context.UserState.TryGetValue(EnvelopeKey, out var id) ? id as string : null;

    /// <summary>The authenticated caller; set by <see cref="PeerIdentityInterceptor"/>.</summary>
    public static PeerIdentity Caller(this ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(PeerIdentity), out var peer) && peer is PeerIdentity identity
            ? identity
            : throw new InvalidOperationException("The call was not authenticated: PeerIdentityInterceptor is not registered for this service.");
}
