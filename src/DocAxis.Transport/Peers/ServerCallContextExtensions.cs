using Grpc.Core;

namespace DocAxis.Transport.Peers;

public static class ServerCallContextExtensions
{
    /// <summary>The authenticated caller; set by <see cref="PeerIdentityInterceptor"/>.</summary>
    public static PeerIdentity Caller(this ServerCallContext context) =>
        context.UserState.TryGetValue(typeof(PeerIdentity), out var peer) && peer is PeerIdentity identity
            ? identity
            : throw new InvalidOperationException("The call was not authenticated: PeerIdentityInterceptor is not registered for this service.");
}
